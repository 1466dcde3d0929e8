{#
  The moment scores are taken: var score_as_of ('2026-11-30 00:00:00'), else the start of the
  run. One moment for the whole build: models taking "now" each would decay differently.
#}
{% macro score_as_of() -%}
    {%- if var('score_as_of', none) -%}
        toDateTime64('{{ var("score_as_of") }}', 3, 'UTC')
    {%- else -%}
        parseDateTime64BestEffort('{{ run_started_at }}', 3, 'UTC')
    {%- endif -%}
{%- endmacro %}

{#
  The sum of the floats `value` (of the rows where `condition` holds), added in ascending order.
  Float addition depends on its order and the engine aggregates in an order that varies with
  its threads, so a plain sum of the same rows can differ in the last bits between two builds,
  and an incremental build from a full refresh.
#}
{% macro stable_sum(value, condition=none) -%}
    {%- if condition is none -%}
    arraySum(arraySort(groupArray({{ value }})))
    {%- else -%}
    arraySum(arraySort(groupArrayIf({{ value }}, {{ condition }})))
    {%- endif -%}
{%- endmacro %}

{#
  What a point at `since` is worth at `until`: halved every `half_life_days` (whole seconds
  apart). Without a half-life the power is NULL: the points do not decay.
#}
{% macro decay(since, until, half_life_days) -%}
    coalesce(pow(0.5, dateDiff('second', {{ since }}, {{ until }}) / 86400 / {{ half_life_days }}), 1)
{%- endmacro %}

{#
  Points per lead and rule at `as_of_column` from `hits` (rows of int_score_hits with that
  column added): only hits up to that moment, each halved every half_life_days since it
  happened, the rule's sum capped at max_points.
#}
{% macro rule_points(hits, as_of_column) -%}
    select
        email,
        as_of,
        rule_id,
        criterion,
        kind,
        least(uncapped, ifNull(toFloat64(max_points), inf)) as points
    from (
        select
            email,
            {{ as_of_column }} as as_of,
            rule_id,
            any(criterion) as criterion,
            any(kind) as kind,
            any(max_points) as max_points,
            {{ stable_sum("points * " ~ decay('ts', as_of_column, 'half_life_days')) }} as uncapped
        from {{ hits }}
        where ts <= {{ as_of_column }}
        group by email, as_of, rule_id
    )
{%- endmacro %}

{#
  Scores at given moments: `evaluations` is a relation of (email, as_of). Returns per pair the
  score, its components and the reasons, from the hits up to that moment (decayed, capped) and
  the inactivity rule (no activity for its number of days before the moment). `leads`, a
  condition on `email`, narrows the hits read to the evaluated leads, and `activity_leads`, a
  condition on activity_log, the activity.
#}
{% macro scores_at(evaluations, leads='true', activity_leads='true') -%}
    with
        hits_at as (
            select
                evaluations.email as email,
                evaluations.as_of as as_of,
                hits.ts as ts,
                hits.rule_id as rule_id,
                hits.criterion as criterion,
                hits.kind as kind,
                hits.points as points,
                hits.max_points as max_points,
                hits.half_life_days as half_life_days
            from {{ evaluations }} as evaluations
            inner join (
                select * from {{ ref('int_score_hits') }} where {{ leads }}
            ) as hits on hits.email = evaluations.email
            where hits.ts <= evaluations.as_of
        ),
        by_rule as (
            {{ rule_points('hits_at', 'as_of') }}
        ),
        last_activity as (
            select evaluations.email as email, evaluations.as_of as as_of, activity.ts as last_activity
            from {{ evaluations }} as evaluations
            asof inner join (
                select email, ts from {{ ref('int_activities_sequenced') }} where email != '' and {{ activity_leads }}
            ) as activity
                on activity.email = evaluations.email and evaluations.as_of >= activity.ts
        ),
        contributions as (
            {{ score_contributions('by_rule', 'last_activity') }}
        )
    {{ scores_from(evaluations, 'contributions') }}
{%- endmacro %}

{#
  The inactivity rules' points at `as_of` from `last_activity`, a relation of (email, as_of,
  last_activity): the rules whose number of days without activity has passed.
#}
{% macro inactivity_points(last_activity) -%}
    select
        last_activity.email as email,
        last_activity.as_of as as_of,
        rules.rule_id as rule_id,
        rules.criterion as criterion,
        rules.kind as kind,
        toFloat64(rules.points) as points
    from {{ last_activity }} as last_activity
    inner join {{ ref('scoring_rules') }} as rules on rules.match_on = 'inactive_days'
    -- Whole days elapsed, not midnights crossed, as for reactivation in lifecycle_stages.
    where dateDiff('second', last_activity.last_activity, last_activity.as_of) / 86400
        >= toUInt32OrZero(rules.pattern)
{%- endmacro %}

{#
  What makes up the scores: the rules' points in `by_rule` and the inactivity rules' from
  `last_activity`, as rows of (email, as_of, rule_id, criterion, kind, points).
#}
{% macro score_contributions(by_rule, last_activity) -%}
    select email, as_of, rule_id, criterion, kind, points from {{ by_rule }}
    union all
    select email, as_of, rule_id, criterion, kind, points
    from ({{ inactivity_points(last_activity) }})
{%- endmacro %}

{#
  The score of each (email, as_of) of `evaluations` from `contributions`, rows of (email, as_of,
  rule_id, criterion, kind, points): its total, components and reasons, strongest first.
#}
{% macro scores_from(evaluations, contributions) -%}
    select
        evaluations.email as email,
        evaluations.as_of as as_of,
        round({{ stable_sum('contributions.points', "contributions.kind = 'explicit'") }}, 1) as fit_score,
        round({{ stable_sum('contributions.points', "contributions.kind = 'implicit'") }}, 1) as engagement_score,
        round({{ stable_sum('contributions.points', "contributions.kind = 'negative'") }}, 1) as negative_score,
        round({{ stable_sum('contributions.points') }}, 1) as score,
        arraySort(
            reason -> (-abs(reason.3), reason.2),
            groupArrayIf(
                (contributions.rule_id, contributions.criterion, round(contributions.points, 1)),
                contributions.rule_id != ''
            )
        ) as reasons
    from {{ evaluations }} as evaluations
    left join {{ contributions }} as contributions
        on contributions.email = evaluations.email and contributions.as_of = evaluations.as_of
    group by evaluations.email, evaluations.as_of
{%- endmacro %}

{#
  The band of `score` on `scale` (temperature, traffic_light) of the seed score_bands: the one
  with the highest minimum at or below it. The bands are read once, as an array sorted by their
  minimum; a subquery naming `score` would be correlated, and run as a join per row.
#}
{% macro score_band(score, scale) -%}
    arrayLast(
        band -> band.1 <= {{ score }},
        (select arraySort(groupArray((ifNull(toFloat64(min_score), -1e18), label)))
         from {{ ref('score_bands') }} where scale = '{{ scale }}')
    ).2
{%- endmacro %}

{# The MQL threshold of the seed score_bands. #}
{% macro mql_threshold() -%}
    (select min(toFloat64(min_score)) from {{ ref('score_bands') }} where scale = 'mql')
{%- endmacro %}

{#
  Each lead's main cause per day in `hits` (rows of int_score_hits): the rule that brought the
  most points that day. Ties go to the rule id that sorts last, so every build names the same.
#}
{% macro day_causes(hits) -%}
    select email, day, argMax(criterion, (abs(day_points), rule_id)) as day_cause
    from (
        select email, toDate(ts) as day, criterion, rule_id,
            sum(points) over (partition by email, toDate(ts), rule_id) as day_points
        from {{ hits }}
    )
    group by email, day
{%- endmacro %}

{#
  For int_score_days: the leads with a day that has ended since their rows were built (a day
  with a hit, or of their first activity, that was today then and is over now).
#}
{% macro score_days_ended_since_built() -%}
    select built.email from (
        select email, any(built_for_day) as built_for_day from {{ this }} group by email
    ) as built
    inner join (
        select email, toDate(ts) as day from {{ ref('int_score_hits') }}
        union all
        select email, toDate(assumeNotNull(first_activity_at))
        from {{ ref('int_lead_fingerprints') }}
        where isNotNull(first_activity_at)
    ) as days on days.email = built.email
    where days.day >= built.built_for_day and days.day < toDate({{ score_as_of() }})
{%- endmacro %}
