CREATE OR REPLACE VIEW `jaffle`.`stg_orders` AS
select
    id as order_id,
    user_id as customer_id,
    order_date,
    status
from `jaffle`.`raw_orders`;
