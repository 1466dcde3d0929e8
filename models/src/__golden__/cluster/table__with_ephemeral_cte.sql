DROP TABLE IF EXISTS `jaffle`.`orders__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`orders__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE TABLE `jaffle`.`orders__dbt_new_local` ON CLUSTER 'leadhouse_cluster'
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY order_id
EMPTY AS
with __dbt__cte__order_payments as (
select
    order_id,
    sum(case when payment_method = 'credit_card' then amount else 0 end) as credit_card_amount,
    sum(case when payment_method = 'coupon' then amount else 0 end) as coupon_amount,
    sum(case when payment_method = 'bank_transfer' then amount else 0 end) as bank_transfer_amount,
    sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,
    sum(amount) as total_amount
from `jaffle`.`stg_payments`
group by order_id
)
select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    order_payments.credit_card_amount,
    order_payments.coupon_amount,
    order_payments.bank_transfer_amount,
    order_payments.gift_card_amount,
    order_payments.total_amount as amount
from `jaffle`.`stg_orders` as orders
left join __dbt__cte__order_payments as order_payments
    on orders.order_id = order_payments.order_id;

CREATE TABLE `jaffle`.`orders__dbt_new` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`orders__dbt_new_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `orders__dbt_new_local`, rand());

INSERT INTO `jaffle`.`orders__dbt_new`
with __dbt__cte__order_payments as (
select
    order_id,
    sum(case when payment_method = 'credit_card' then amount else 0 end) as credit_card_amount,
    sum(case when payment_method = 'coupon' then amount else 0 end) as coupon_amount,
    sum(case when payment_method = 'bank_transfer' then amount else 0 end) as bank_transfer_amount,
    sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,
    sum(amount) as total_amount
from `jaffle`.`stg_payments`
group by order_id
)
select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    order_payments.credit_card_amount,
    order_payments.coupon_amount,
    order_payments.bank_transfer_amount,
    order_payments.gift_card_amount,
    order_payments.total_amount as amount
from `jaffle`.`stg_orders` as orders
left join __dbt__cte__order_payments as order_payments
    on orders.order_id = order_payments.order_id;

SYSTEM SYNC REPLICA ON CLUSTER 'leadhouse_cluster' `jaffle`.`orders__dbt_new_local`;

EXCHANGE TABLES `jaffle`.`orders__dbt_new_local` AND `jaffle`.`orders_local` ON CLUSTER 'leadhouse_cluster';

CREATE OR REPLACE TABLE `jaffle`.`orders` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`orders_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `orders_local`, rand());

DROP TABLE IF EXISTS `jaffle`.`orders__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`orders__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;
