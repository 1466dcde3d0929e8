-- The CRM's sales log, one row per record id (a record sent again replaces the earlier one).
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
order by received_at desc
limit 1 by record_id
