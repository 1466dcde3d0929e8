{# The moment scores are taken: var score_as_of ('2026-11-30 00:00:00'), else now. #}
{% macro score_as_of() -%}
    {%- if var('score_as_of', none) -%}
        toDateTime64('{{ var("score_as_of") }}', 3, 'UTC')
    {%- else -%}
        now64(3, 'UTC')
    {%- endif -%}
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
            -- Without a half-life the power is NULL: the points do not decay.
            sum(
                points * coalesce(
                    pow(0.5, dateDiff('second', ts, {{ as_of_column }}) / 86400 / half_life_days),
                    1
                )
            ) as uncapped
        from {{ hits }}
        where ts <= {{ as_of_column }}
        group by email, as_of, rule_id
    )
{%- endmacro %}
