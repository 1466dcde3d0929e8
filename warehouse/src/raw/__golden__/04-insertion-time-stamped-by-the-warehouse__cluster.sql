ALTER TABLE `leadhouse`.events_local ON CLUSTER 'leadhouse_cluster'
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.events ON CLUSTER 'leadhouse_cluster'
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.events_local ON CLUSTER 'leadhouse_cluster' MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;

ALTER TABLE `leadhouse`.crm_events_local ON CLUSTER 'leadhouse_cluster'
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.crm_events ON CLUSTER 'leadhouse_cluster'
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.crm_events_local ON CLUSTER 'leadhouse_cluster' MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;

ALTER TABLE `leadhouse`.campaign_costs_local ON CLUSTER 'leadhouse_cluster'
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.campaign_costs ON CLUSTER 'leadhouse_cluster'
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.campaign_costs_local ON CLUSTER 'leadhouse_cluster' MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;
