ALTER TABLE `leadhouse`.events_local ON CLUSTER 'leadhouse_cluster' MODIFY SETTING replicated_deduplication_window = 10000;

ALTER TABLE `leadhouse`.rejected_events_local ON CLUSTER 'leadhouse_cluster' MODIFY SETTING replicated_deduplication_window = 10000;
