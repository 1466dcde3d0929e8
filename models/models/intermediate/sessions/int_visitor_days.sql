{{
    config(
        unique_key='anonymous_id',
        order_by='(anonymous_id, day)'
    )
}}

-- Each visitor's days on the sites, with their page views that day: kpi_daily counts visitors
-- and page views from these rows instead of every event. Incremental: a build redoes the
-- visitors with events stored since the last one (inserted_at), whole (a visitor's events
-- never leave int_sessionized_events, so every visitor redone has rows again).
with
    {% if is_incremental() -%}
    {{ inserted_since(this) }} as since,
    {% endif -%}
    events as (
        select anonymous_id, toDate(ts) as day, type, inserted_at
        from {{ ref('int_sessionized_events') }}
        {%- if is_incremental() %}
        where anonymous_id in (
            select anonymous_id from {{ ref('int_sessionized_events') }} where inserted_at > since
        )
        {%- endif %}
    )
select
    anonymous_id,
    day,
    countIf(type = 'pageview') as pageviews,
    max(inserted_at) as inserted_at
from events
group by anonymous_id, day
