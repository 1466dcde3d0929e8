{{ config(order_by='(email, triggered_at, trigger)') }}

-- The alerts the models decide, one row per threshold crossing: a lead became an MQL
-- (became_mql), became one again after sales sent it back (requalified), came back to a pricing
-- page while an MQL or SQL (pricing_revisit, once per visit), or rose by var
-- alert_score_jump_points (default 20) or more in a day (score_jump, once per day). Each trigger
-- is on unless its var alert_<trigger> is false. The alert_id hashes the lead, the trigger and
-- what identifies the crossing (the MQL entry's time, the page view's event id, the day): a
-- rebuild or a full refresh gives the same ids, so the deliverer sends each crossing once.
-- With the lead's current score, owner and name, for the message.
with
    stages as (
        select
            email,
            stage,
            entered_at,
            exited_at,
            -- Whether sales sent the lead back before this stage was entered.
            countIf(stage = 'recycled') over (
                partition by email order by entered_at, stage_number
                rows between unbounded preceding and 1 preceding
            ) > 0 as after_recycle
        from {{ ref('lifecycle_stages') }}
    ),
    qualifications as (
        select
            email,
            if(after_recycle, 'requalified', 'became_mql') as trigger,
            entered_at as triggered_at,
            entered_at as event_ts,
            toString(toUnixTimestamp64Milli(entered_at)) as crossing
        from stages
        where stage = 'mql'
            and if(after_recycle, {{ alert_on('requalified') }}, {{ alert_on('became_mql') }})
    ),
    -- A visit is a session; the first pricing page view of a session that began while the lead
    -- was an MQL or SQL (a return, not the visit that qualified it).
    pricing_views as (
        select
            email,
            event_id,
            ts,
            session_key,
            type = 'pageview' and is_pricing as is_pricing_view,
            min(ts) over (partition by session_key) as session_start
        from {{ ref('int_activities_sequenced') }}
        where source = 'web' and session_key in (
            select session_key from {{ ref('int_activities_sequenced') }}
            where source = 'web' and type = 'pageview' and is_pricing and email in (
                select email from {{ ref('lifecycle_stages') }} where stage in ('mql', 'sql')
            )
        )
    ),
    revisits as (
        select
            views.email as email,
            'pricing_revisit' as trigger,
            min(views.ts) as triggered_at,
            triggered_at as event_ts,
            argMin(views.event_id, views.ts) as crossing
        from pricing_views as views
        inner join (
            select email, entered_at, ifNull(exited_at, toDateTime64('2299-12-31 00:00:00', 3, 'UTC')) as exited_at
            from {{ ref('lifecycle_stages') }}
            where stage in ('mql', 'sql')
        ) as open_stages on open_stages.email = views.email
        where {{ alert_on('pricing_revisit') }}
            and views.is_pricing_view
            and views.session_start > open_stages.entered_at
            and views.ts < open_stages.exited_at
        group by views.email, views.session_key
    ),
    -- The day's rise: its score against the previous day with a match (score_trajectory's
    -- change). Between the two the score only decays, so the rise within the day is at least
    -- this: the trigger never fires on a rise smaller than N. A lead's first day is no rise.
    jumps as (
        select
            trajectory.email as email,
            'score_jump' as trigger,
            ifNull(hits.last_hit_at, trajectory.as_of) as triggered_at,
            triggered_at as event_ts,
            toString(trajectory.day) as crossing
        from (
            select email, day, as_of, change, row_number() over (partition by email order by day) as day_number
            from {{ ref('score_trajectory') }}
        ) as trajectory
        left join (
            select email, toDate(ts) as day, toNullable(max(ts)) as last_hit_at
            from {{ ref('int_score_hits') }}
            group by email, day
        ) as hits on hits.email = trajectory.email and hits.day = trajectory.day
        where {{ alert_on('score_jump') }}
            and trajectory.day_number > 1
            and trajectory.change >= {{ var('alert_score_jump_points', 20) }}
    ),
    crossings as (
        select * from qualifications
        union all
        select * from revisits
        union all
        select * from jumps
    )
select
    lower(hex(SHA256(concat(crossings.email, '\n', crossings.trigger, '\n', crossings.crossing))))
        as alert_id,
    crossings.email as email,
    crossings.trigger as trigger,
    toDateTime64(crossings.triggered_at, 3, 'UTC') as triggered_at,
    toDateTime64(crossings.event_ts, 3, 'UTC') as event_ts,
    leads.score as score,
    leads.temperature as temperature,
    leads.traffic_light as traffic_light,
    scores.reasons_text as reasons_text,
    leads.owner as owner,
    leads.team as team,
    ifNull(assignments.rule_id, '') as rule_id,
    leads.name as name,
    leads.company as company
from crossings
left join {{ ref('leads') }} as leads on leads.email = crossings.email
left join {{ ref('lead_scores') }} as scores on scores.email = crossings.email
left join (
    select email, rule_id from {{ ref('lead_assignments') }} where is_current
) as assignments on assignments.email = crossings.email
