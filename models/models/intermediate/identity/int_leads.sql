{{ config(order_by='email') }}

-- Every lead, once: who identified on the web (by form or identify()) or is in the CRM, and when
-- that first happened, and whether it was on the web: a visitor who became a lead.
select
    email,
    min(at) as identified_at,
    -- At one moment, the web first.
    argMin(on_web, (at, not on_web)) as identified_on_web
from (
    select lead_email as email, identified_at as at, true as on_web from {{ ref('int_identity') }}
    union all
    select email, occurred_at, false from {{ ref('stg_leadhouse__crm_events') }}
    where email != ''
    union all
    -- Email links name their lead without a browser ever identifying.
    select email, ts, false from {{ ref('int_email_link_events') }}
)
group by email
