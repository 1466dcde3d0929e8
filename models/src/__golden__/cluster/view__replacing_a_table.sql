DROP TABLE IF EXISTS `jaffle`.`stg_orders` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`stg_orders_local` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE OR REPLACE VIEW `jaffle`.`stg_orders` ON CLUSTER 'leadhouse_cluster' AS
select
    id as order_id,
    user_id as customer_id,
    order_date,
    status
from `jaffle`.`raw_orders`;
