{{
    config(
        materialized='incremental',
        unique_key='record_id',
        order_by='(email, occurred_at, record_id)'
    )
}}

-- The CRM's sales log, one row per record id (a record sent again replaces the earlier one).
-- A table, not a view: the lead models read it many times per build, by email. Incremental: a
-- build adds the records received since the last one, replacing their earlier versions.
select
    record_id,
    type,
    occurred_at,
    lower(trim(email)) as email,
    stage,
    decision,
    outcome,
    amount,
    currency,
    owner,
    name,
    company,
    company_size,
    industry,
    country,
    job_title,
    seniority,
    budget,
    authority,
    need,
    timeline,
    notes,
    received_at
from {{ source('leadhouse', 'crm_events') }}
{% if is_incremental() -%}
where received_at > {{ received_since(this) }}
{% endif -%}
order by received_at desc
limit 1 by record_id
