ALTER TABLE `leadhouse`.events_local ON CLUSTER 'leadhouse_cluster' MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0;

ALTER TABLE `leadhouse`.crm_events_local ON CLUSTER 'leadhouse_cluster' MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0;

ALTER TABLE `leadhouse`.rejected_events_local ON CLUSTER 'leadhouse_cluster' MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0;
