{{ config(order_by='email') }}

-- Each lead's current score: fit (explicit criteria) + engagement (implicit, decaying) +
-- negative points, with the reasons: which rules contributed how many points. Rules are the
-- seed scoring_rules; editing it and rebuilding re-scores all history. Taken from each rule's
-- total at its last hit (int_score_rule_totals), decayed from there to the scoring moment and
-- capped: the same points as from every hit, without reading them all at every build.
with
    {{ score_as_of() }} as scored_until,
    evaluations as (
        select email, scored_until as as_of from {{ ref('int_leads') }}
    ),
    by_rule as (
        select
            email,
            scored_until as as_of,
            rule_id,
            criterion,
            kind,
            least(
                points_at_last_hit * {{ decay('last_hit_at', 'scored_until', 'half_life_days') }},
                ifNull(toFloat64(max_points), inf)
            ) as points
        from {{ ref('int_score_rule_totals') }}
    ),
    last_activity as (
        select email, scored_until as as_of, assumeNotNull(scored_last_activity_at) as last_activity
        from {{ ref('int_lead_fingerprints') }}
        where isNotNull(scored_last_activity_at)
    ),
    contributions as (
        {{ score_contributions('by_rule', 'last_activity') }}
    ),
    scored as (
        {{ scores_from('evaluations', 'contributions') }}
    )
select
    email,
    as_of as scored_at,
    score,
    fit_score,
    engagement_score,
    negative_score,
    {{ score_band('score', 'temperature') }} as temperature,
    {{ score_band('score', 'traffic_light') }} as traffic_light,
    toBool(score >= {{ mql_threshold() }}) as is_mql,
    cast(reasons, 'Array(Tuple(rule_id String, criterion String, points Float64))') as reasons,
    arrayStringConcat(
        arrayMap(reason -> concat(reason.2, ' ', if(reason.3 >= 0, '+', ''), toString(reason.3)), reasons),
        '; '
    ) as reasons_text
from scored
