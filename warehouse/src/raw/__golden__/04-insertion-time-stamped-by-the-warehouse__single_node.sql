ALTER TABLE `leadhouse`.events
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.events MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;

ALTER TABLE `leadhouse`.crm_events
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.crm_events MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;

ALTER TABLE `leadhouse`.campaign_costs
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by';

ALTER TABLE `leadhouse`.campaign_costs MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;
