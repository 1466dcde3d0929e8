{{ config(materialized='table', order_by='email') }}

-- A fingerprint of everything a lead's attributes, score hits, score checkpoints and stages are
-- computed from: their activity (each entry's place in their history), sessions, form fills and
-- CRM records, the scoring rules, the score bands and the vars those models read. Entries and
-- records dated after the scoring moment count once it has passed them. Incremental
-- lead models redo the leads whose fingerprint differs from the one they stored: new rows, rows
-- re-filed from another person, an edited rules seed all change it. Their first and last
-- activity, read here anyway, serve leads and lead_scores' inactivity rules.
with
    (
        select sum(cityHash64(tuple(*))) from {{ ref('scoring_rules') }}
    ) + (
        select sum(cityHash64(tuple(*))) from {{ ref('score_bands') }}
    ) + cityHash64(
        '{{ var("reactivation_quiet_days", 90) }}',
        '{{ var("newsletter_path_pattern", "(?i)newsletter") }}'
    ) as settings,
    {{ score_as_of() }} as scored_until,
    inputs as (
        select
            email,
            cityHash64('activity', event_id, seq, ts <= scored_until) as input,
            toNullable(ts) as activity_ts
        from {{ ref('int_activities_sequenced') }}
        where email != ''
        union all
        select email, cityHash64('touch', touchpoint_id, touch_number, channel), null
        from {{ ref('int_touchpoints_classified') }}
        where email != ''
        union all
        -- Form fills by the email typed, which may not be the device's lead.
        select email, cityHash64('identify', event_id, ts <= scored_until), null
        from {{ ref('int_sessionized_events') }}
        where type = 'identify' and email != ''
        union all
        select email, cityHash64('crm', record_id, received_at, occurred_at <= scored_until), null
        from {{ ref('stg_leadhouse__crm_events') }}
        where email != ''
    )
select
    email,
    sum(input) + settings as fingerprint,
    min(activity_ts) as first_activity_at,
    max(activity_ts) as last_activity_at,
    -- The inactivity rules count the days since this one.
    maxIf(activity_ts, activity_ts <= scored_until) as scored_last_activity_at
from inputs
group by email
