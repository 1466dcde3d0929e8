{{ config(order_by='order_id') }}
{% set payment_methods = var('payment_methods') %}
select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    {% for payment_method in payment_methods -%}
    order_payments.{{ payment_method }}_amount,
    {% endfor -%}
    order_payments.total_amount as amount
from {{ ref('stg_orders') }} as orders
left join {{ ref('order_payments') }} as order_payments
    on orders.order_id = order_payments.order_id
