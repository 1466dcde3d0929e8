{{
    config(
        materialized='incremental',
        unique_key='order_id',
        order_by='order_id'
    )
}}
-- One row per order and its latest status; a later run replaces changed orders only.
select order_id, status, order_date
from {{ ref('stg_orders') }}
{% if is_incremental() %}
where order_date >= (select max(order_date) from {{ this }})
{% endif %}
