ALTER TABLE `leadhouse`.events MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0;

ALTER TABLE `leadhouse`.crm_events MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0;

ALTER TABLE `leadhouse`.rejected_events MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0;
