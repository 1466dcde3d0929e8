INSERT INTO `jaffle`.`order_events` (`order_id`, `status`, `order_date`)
SELECT `order_id`, `status`, `order_date` FROM (
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from `jaffle`.`stg_orders`

where order_date >= (select max(order_date) from `jaffle`.`order_events`)
);
