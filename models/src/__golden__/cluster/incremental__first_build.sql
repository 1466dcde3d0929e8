DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE TABLE `jaffle`.`order_events__dbt_new_local` ON CLUSTER 'leadhouse_cluster'
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY order_id
EMPTY AS
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`;

CREATE TABLE `jaffle`.`order_events__dbt_new` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`order_events__dbt_new_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `order_events__dbt_new_local`, rand());

INSERT INTO `jaffle`.`order_events__dbt_new`
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`;

SYSTEM SYNC REPLICA ON CLUSTER 'leadhouse_cluster' `jaffle`.`order_events__dbt_new_local`;

RENAME TABLE `jaffle`.`order_events__dbt_new_local` TO `jaffle`.`order_events_local` ON CLUSTER 'leadhouse_cluster';

CREATE OR REPLACE TABLE `jaffle`.`order_events` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`order_events_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `order_events_local`, rand());

DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;
