-- Raw SDK events, one row per event_id (client retries and spool replays deliver an event
-- more than once), bots left out.
select
    event_id,
    site_id,
    type,
    ts,
    received_at,
    anonymous_id,
    session_id,
    url,
    path,
    title,
    referrer,
    utm_source,
    utm_medium,
    utm_campaign,
    utm_term,
    utm_content
from {{ source('leadhouse', 'events') }}
where not is_bot
order by received_at
limit 1 by event_id
