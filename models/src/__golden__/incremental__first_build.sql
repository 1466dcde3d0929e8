DROP TABLE IF EXISTS `jaffle`.`order_events__dbt_new` SYNC;

CREATE TABLE `jaffle`.`order_events__dbt_new`
ENGINE = MergeTree()
ORDER BY order_id
AS
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`;

RENAME TABLE `jaffle`.`order_events__dbt_new` TO `jaffle`.`order_events`;
