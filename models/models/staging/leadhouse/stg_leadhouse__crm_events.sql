{{
    config(
        materialized='incremental',
        unique_key='record_id',
        order_by='(email, occurred_at, record_id)'
    )
}}

-- The CRM's sales log, one row per record id (a record sent again replaces the earlier one).
-- A table, not a view: the lead models read it many times per build, by email. Incremental: a
-- build takes again the records with a version the warehouse stored since the last one
-- (inserted_at), every version of them: the one received last wins, as in a full build, even
-- when an older version arrives after it (a spool drained late, an import of history).
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
    -- A deal's gross margin where the CRM gives one, in the deal's currency: the attribute
    -- gross_margin, else margin (CRMs keep custom deal fields as attributes); NULL without one.
    toDecimal64OrNull(
        if(attributes['gross_margin'] != '', attributes['gross_margin'], attributes['margin']), 2
    ) as margin,
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
    received_at,
    inserted_at
from {{ source('leadhouse', 'crm_events') }}
{% if is_incremental() -%}
where record_id in (
    select record_id from {{ source('leadhouse', 'crm_events') }}
    where inserted_at > {{ inserted_since(this) }}
)
{% endif -%}
-- Versions received at one moment: the last stored, as a merge keeps.
order by received_at desc, inserted_at desc
limit 1 by record_id
