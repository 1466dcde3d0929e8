{{ config(order_by='email') }}

-- Each lead's current score: fit (explicit criteria) + engagement (implicit, decaying) +
-- negative points, with the reasons: which rules contributed how many points. Rules are the
-- seed scoring_rules; editing it and rebuilding re-scores all history.
with
    {{ score_as_of() }} as as_of,
    hits as (
        select *, as_of as scored_at from {{ ref('int_score_hits') }}
    ),
    by_rule as (
        {{ rule_points('hits', 'scored_at') }}
    ),
    inactivity as (
        select
            activity.email as email,
            as_of as as_of,
            rules.rule_id as rule_id,
            rules.criterion as criterion,
            rules.kind as kind,
            toFloat64(rules.points) as points
        from (
            select email, max(ts) as last_activity
            from {{ ref('activity_log') }}
            where email != '' and ts <= as_of
            group by email
        ) as activity
        inner join {{ ref('scoring_rules') }} as rules on rules.match_on = 'inactive_days'
        where dateDiff('day', activity.last_activity, as_of) >= toUInt32OrZero(rules.pattern)
    ),
    contributions as (
        select email, rule_id, criterion, kind, points from by_rule
        union all
        select email, rule_id, criterion, kind, points from inactivity
    ),
    leads as (
        select distinct email from {{ ref('int_identity') }} as identity
        array join [identity.lead_email] as email
        union distinct
        select distinct email from {{ ref('stg_leadhouse__crm_events') }} where email != ''
    ),
    totals as (
        select
            leads.email as email,
            round(sumIf(contributions.points, contributions.kind = 'explicit'), 1) as fit_score,
            round(sumIf(contributions.points, contributions.kind = 'implicit'), 1) as engagement_score,
            round(sumIf(contributions.points, contributions.kind = 'negative'), 1) as negative_score,
            round(sum(contributions.points), 1) as score,
            arraySort(
                reason -> (-abs(reason.3), reason.2),
                groupArrayIf(
                    (contributions.rule_id, contributions.criterion, round(contributions.points, 1)),
                    contributions.rule_id != ''
                )
            ) as reasons
        from leads
        left join contributions on contributions.email = leads.email
        group by leads.email
    ),
    bands as (
        select scale, label, ifNull(toFloat64(min_score), -1e18) as min_score from {{ ref('score_bands') }}
    )
select
    totals.email as email,
    as_of as scored_at,
    totals.score as score,
    totals.fit_score as fit_score,
    totals.engagement_score as engagement_score,
    totals.negative_score as negative_score,
    (select argMax(label, min_score) from bands where scale = 'temperature' and min_score <= totals.score)
        as temperature,
    (select argMax(label, min_score) from bands where scale = 'traffic_light' and min_score <= totals.score)
        as traffic_light,
    toBool(totals.score >= (select min(min_score) from bands where scale = 'mql')) as is_mql,
    cast(totals.reasons, 'Array(Tuple(rule_id String, criterion String, points Float64))') as reasons,
    arrayStringConcat(
        arrayMap(reason -> concat(reason.2, ' ', if(reason.3 >= 0, '+', ''), toString(reason.3)), totals.reasons),
        '; '
    ) as reasons_text
from totals
