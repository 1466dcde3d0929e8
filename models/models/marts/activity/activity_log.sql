{{ config(order_by='(anonymous_id, ts, event_id)') }}

-- Every page view of every visitor in order, with the path they came from.
select
    event_id,
    site_id,
    anonymous_id,
    ts,
    type,
    path,
    url,
    title,
    referrer,
    'web' as source,
    row_number() over visitor as seq,
    lagInFrame(path, 1, '') over visitor as previous_path
from {{ ref('stg_leadhouse__events') }}
where type = 'pageview'
window visitor as (partition by anonymous_id order by ts, event_id rows between unbounded preceding and current row)
