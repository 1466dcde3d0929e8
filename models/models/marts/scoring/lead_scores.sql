{{ config(order_by='email') }}

-- Each lead's current score: fit (explicit criteria) + engagement (implicit, decaying) +
-- negative points, with the reasons: which rules contributed how many points. Rules are the
-- seed scoring_rules; editing it and rebuilding re-scores all history.
with
    evaluations as (
        select email, {{ score_as_of() }} as as_of from {{ ref('int_leads') }}
    ),
    scored as (
        {{ scores_at('evaluations') }}
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
