-- Identity stitching: each anonymous id belongs to the lead whose email it first identified
-- with. Every device a person identifies on maps to the same lead, so their histories join.
select
    anonymous_id,
    argMin(email, ts) as lead_email,
    min(ts) as identified_at
from {{ ref('stg_leadhouse__events') }}
where type = 'identify' and email != '' and anonymous_id != ''
group by anonymous_id
