DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_data` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_data_local` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE TABLE `jaffle`.`order_events__dbt_new_data_local` ON CLUSTER 'leadhouse_cluster'
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY tuple()
EMPTY AS
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`

where order_date >= (select max(order_date) from `jaffle`.`order_events`);

CREATE TABLE `jaffle`.`order_events__dbt_new_data` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`order_events__dbt_new_data_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `order_events__dbt_new_data_local`, rand());

INSERT INTO `jaffle`.`order_events__dbt_new_data`
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`

where order_date >= (select max(order_date) from `jaffle`.`order_events`);

-- if jaffle.order_events__dbt_new_data has rows;

DELETE FROM `jaffle`.`order_events_local` ON CLUSTER 'leadhouse_cluster' WHERE (order_id) IN (SELECT order_id FROM `jaffle`.`order_events__dbt_new_data`);

INSERT INTO `jaffle`.`order_events` (`order_id`, `status`, `order_date`)
SELECT `order_id`, `status`, `order_date` FROM `jaffle`.`order_events__dbt_new_data`;

DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_data` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_data_local` ON CLUSTER 'leadhouse_cluster' SYNC;
