DROP TABLE IF EXISTS `jaffle`.`customers__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`customers__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE TABLE `jaffle`.`customers__dbt_new_local` ON CLUSTER 'leadhouse_cluster'
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY customer_id
EMPTY AS
with customer_orders as (
    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(order_id) as number_of_orders
    from `jaffle`.`stg_orders`
    group by customer_id
),
customer_payments as (
    select
        orders.customer_id,
        sum(payments.amount) as total_amount
    from `jaffle`.`stg_payments` as payments
    inner join `jaffle`.`stg_orders` as orders on payments.order_id = orders.order_id
    group by orders.customer_id
)
-- Columns of joined relations keep their qualified names in ClickHouse unless aliased.
select
    customers.customer_id as customer_id,
    customers.first_name as first_name,
    customers.last_name as last_name,
    customer_orders.first_order as first_order,
    customer_orders.most_recent_order as most_recent_order,
    customer_orders.number_of_orders as number_of_orders,
    customer_payments.total_amount as customer_lifetime_value
from `jaffle`.`stg_customers` as customers
left join customer_orders on customers.customer_id = customer_orders.customer_id
left join customer_payments on customers.customer_id = customer_payments.customer_id;

CREATE TABLE `jaffle`.`customers__dbt_new` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`customers__dbt_new_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `customers__dbt_new_local`, rand());

INSERT INTO `jaffle`.`customers__dbt_new`
with customer_orders as (
    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(order_id) as number_of_orders
    from `jaffle`.`stg_orders`
    group by customer_id
),
customer_payments as (
    select
        orders.customer_id,
        sum(payments.amount) as total_amount
    from `jaffle`.`stg_payments` as payments
    inner join `jaffle`.`stg_orders` as orders on payments.order_id = orders.order_id
    group by orders.customer_id
)
-- Columns of joined relations keep their qualified names in ClickHouse unless aliased.
select
    customers.customer_id as customer_id,
    customers.first_name as first_name,
    customers.last_name as last_name,
    customer_orders.first_order as first_order,
    customer_orders.most_recent_order as most_recent_order,
    customer_orders.number_of_orders as number_of_orders,
    customer_payments.total_amount as customer_lifetime_value
from `jaffle`.`stg_customers` as customers
left join customer_orders on customers.customer_id = customer_orders.customer_id
left join customer_payments on customers.customer_id = customer_payments.customer_id;

SYSTEM SYNC REPLICA ON CLUSTER 'leadhouse_cluster' `jaffle`.`customers__dbt_new_local`;

RENAME TABLE `jaffle`.`customers__dbt_new_local` TO `jaffle`.`customers_local` ON CLUSTER 'leadhouse_cluster';

CREATE OR REPLACE TABLE `jaffle`.`customers` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`customers_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `customers_local`, rand());

DROP TABLE IF EXISTS `jaffle`.`customers__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`customers__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;
