ALTER TABLE `leadhouse`.events MODIFY SETTING non_replicated_deduplication_window = 10000;

ALTER TABLE `leadhouse`.rejected_events MODIFY SETTING non_replicated_deduplication_window = 10000;
