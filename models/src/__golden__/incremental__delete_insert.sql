DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_data` SYNC;

CREATE TABLE `jaffle`.`order_events__dbt_new_data`
ENGINE = MergeTree
ORDER BY tuple()
AS
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`

where order_date >= (select max(order_date) from `jaffle`.`order_events`);

-- if jaffle.order_events__dbt_new_data has rows;

DELETE FROM `jaffle`.`order_events` WHERE (order_id) IN (SELECT order_id FROM `jaffle`.`order_events__dbt_new_data`);

INSERT INTO `jaffle`.`order_events`
SELECT * FROM `jaffle`.`order_events__dbt_new_data`;

DROP TABLE `jaffle`.`order_events__dbt_new_data` SYNC;
