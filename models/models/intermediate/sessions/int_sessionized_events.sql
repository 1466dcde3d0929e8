{{
    config(
        unique_key='anonymous_id',
        order_by='(anonymous_id, ts, event_id)'
    )
}}

-- Page views, custom events and identifications of every visitor, cut into sessions: the SDK's
-- session id when it sends one, else 30 minutes of inactivity; a new campaign (UTM parameters
-- or an ad click id different from the last ones) starts a new session too, as in GA4.
-- Incremental: a build redoes only the visitors with events stored since the last one, whole
-- (a late event can split or join their sessions), so it equals a full rebuild. New events are
-- those the warehouse stored (inserted_at) since the newest one here, less var
-- incremental_lookback_minutes (5): events of a backfill or a late spool are new whatever
-- their ts and received_at (see macros/incremental.sql).
{#- The events' columns this table keeps (unions with new rows name them). -#}
{%- set columns = event_columns(without=['engaged_ms', 'scroll_depth', 'language']) %}
{%- set events = ref('stg_leadhouse__event_deliveries') %}
with
    visible as (
        select
            *,
            if(
                utm_source != '' or utm_medium != '' or utm_campaign != '' or click_id != '',
                concat(utm_source, '|', utm_medium, '|', utm_campaign, '|', click_id_type),
                ''
            ) as campaign_key
        from (
            {% if is_incremental() %}
            -- The visitors' new events from the raw table, their earlier ones from this table
            -- (by its primary key: a visitor's events are spread over the whole raw table).
            select *
            from (
                select {{ columns }}
                from (
                    {{ latest_deliveries(
                        events,
                        "type in ('pageview', 'event', 'identify') and anonymous_id != ''
                        and inserted_at > " ~ inserted_since(this) ~ "
                        and " ~ require_same_event_settings(this)
                    ) }}
                )
                union all
                select {{ columns }}
                from {{ this }}
                where anonymous_id in (
                    select anonymous_id from {{ events }}
                    where inserted_at > {{ inserted_since(this) }}
                )
            )
            -- A newer delivery of an event this table has replaces it, as in a full build; an
            -- older one (a spool drained late) does not.
            order by received_at desc, inserted_at desc
            limit 1 by event_id
            {% else %}
            {{ latest_deliveries(events, "type in ('pageview', 'event', 'identify') and anonymous_id != ''") }}
            {% endif %}
        )
    ),
    with_previous as (
        select
            *,
            row_number() over visitor as visitor_event_number,
            lagInFrame(ts) over visitor as previous_ts,
            lagInFrame(session_id) over visitor as previous_session_id,
            -- The campaign in effect before this event: the last one seen.
            anyLast(nullIf(campaign_key, '')) over (
                partition by anonymous_id order by ts, event_id
                rows between unbounded preceding and 1 preceding
            ) as previous_campaign_key
        from visible
        window visitor as (
            partition by anonymous_id order by ts, event_id
            rows between unbounded preceding and current row
        )
    ),
    flagged as (
        select
            *,
            visitor_event_number = 1
            or (session_id != '' and session_id != previous_session_id)
            or (session_id = '' and dateDiff('second', previous_ts, ts) > {{ var('session_timeout_minutes', 30) }} * 60)
            or (campaign_key != '' and campaign_key != ifNull(previous_campaign_key, ''))
            as starts_session
        from with_previous
    )
select
    event_id,
    site_id,
    type,
    ts,
    received_at,
    inserted_at,
    anonymous_id,
    session_id,
    email,
    name,
    props,
    url,
    path,
    title,
    referrer,
    referrer_domain,
    utm_source,
    utm_medium,
    utm_campaign,
    utm_term,
    utm_content,
    click_id_type,
    click_id,
    is_pricing,
    device,
    country,
    starts_session,
    {{ event_settings_fingerprint() }} as settings_fingerprint,
    concat(
        anonymous_id,
        '#',
        toString(sum(toUInt32(starts_session)) over (
            partition by anonymous_id order by ts, event_id
            rows between unbounded preceding and current row
        ))
    ) as session_key
from flagged
