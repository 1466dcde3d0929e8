{# The positions (1..n) holding one of `roles` (position expressions), as an array literal. #}
{% macro role_positions(roles) -%}
    [{% for role in roles %}{{ role[0] }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- endmacro %}

{#
  Weights of a model that gives fixed shares to the touches holding a role (the first, the
  last, the lead-creation touch, ...; `roles`: a list of [position expression, weight]) and
  shares `rest` equally among the touches holding none, for each of `positions` (1..`count`).
  A touch holding several roles gets their weights added. Not yet summing to 1 when roles fall
  on one touch or no touch is left for the rest: normalised() scales them (so two touches under
  40/40/20 get one half each, and one touch gets everything).
#}
{% macro role_weights(positions, count, roles, rest) -%}
    arrayMap(
        position -> {% for role in roles %}toFloat64({{ role[0] }} = position) * {{ role[1] }} + {% endfor -%}
            if(has({{ role_positions(roles) }}, position), 0,
                {{ rest }} / ({{ count }} - length(arrayDistinct({{ role_positions(roles) }})))),
        {{ positions }}
    )
{%- endmacro %}

{# `weights` (an array column) scaled to sum to 1, by their sum (`total`, a column). #}
{% macro normalised(weights, total) -%}
    arrayMap(weight -> weight / {{ total }}, {{ weights }})
{%- endmacro %}
