DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new_data` SYNC;

CREATE TABLE `jaffle`.`order_events__dbt_new_data` AS `jaffle`.`order_events`;

INSERT INTO `jaffle`.`order_events__dbt_new_data` (`order_id`, `status`, `order_date`)
SELECT `order_id`, `status`, `order_date` FROM (
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`

where order_date >= (select max(order_date) from `jaffle`.`order_events`)
);

DELETE FROM `jaffle`.`order_events` WHERE (order_id) IN (SELECT order_id FROM `jaffle`.`order_events__dbt_new_data`);

INSERT INTO `jaffle`.`order_events` SELECT * FROM `jaffle`.`order_events__dbt_new_data`;

DROP TABLE `jaffle`.`order_events__dbt_new_data` SYNC;
