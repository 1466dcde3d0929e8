{{ config(order_by='anonymous_id') }}

-- Identity stitching: each anonymous id belongs to the lead whose email it first identified
-- with. Every device a person identifies on maps to the same lead, so their histories join.
select
    anonymous_id,
    argMin(email, ts) as lead_email,
    min(ts) as identified_at
from {{ ref('int_sessionized_events') }}
where type = 'identify' and email != ''
group by anonymous_id
