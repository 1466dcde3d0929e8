{{ config(materialized='table', order_by='email') }}

-- Every lead, once: who identified on the web (by form or identify()) or is in the CRM, and when
-- that first happened.
select email, min(identified_at) as identified_at
from (
    select lead_email as email, identified_at from {{ ref('int_identity') }}
    union all
    select email, occurred_at as identified_at from {{ ref('stg_leadhouse__crm_events') }}
    where email != ''
    union all
    -- Email links name their lead without a browser ever identifying.
    select email, ts as identified_at from {{ ref('int_email_link_events') }}
)
group by email
