{{
    config(
        materialized='incremental',
        unique_key='anonymous_id',
        order_by='(day, site_id, channel, person)'
    )
}}

-- Each visitor's days on each site and channel, from touchpoints, with the person they are (the
-- lead on all their devices once identified, else the device) as a 64-bit hash: the overview
-- counts a period's visitors from these rows, ordered by day and read as numbers, instead of
-- every touchpoint's text. Incremental as the touchpoints mart: a build copies the people that
-- model redid (macros/histories.sql), asked of this table.
-- depends_on: {{ ref('int_sessionized_events') }}, {{ ref('int_identity') }}, {{ ref('int_email_link_events') }}
{% if is_incremental() -%}
with
    {{ people_with_new_sessions() }}
{% endif -%}
select
    toDate(ts) as day,
    site_id,
    channel,
    anonymous_id,
    email,
    cityHash64(if(email != '', email, anonymous_id)) as person,
    count() as touchpoints,
    max(inserted_at) as inserted_at,
    any(channel_lists_fingerprint) as channel_lists_fingerprint
from {{ ref('touchpoints') }}
{% if is_incremental() -%}
where anonymous_id in (select arrayJoin(rebuilt_visitor_ids))
{% endif -%}
group by day, site_id, channel, anonymous_id, email
