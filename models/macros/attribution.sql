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

{#
  The attribution marts are incremental by lead, as the lead models are (macros/incremental.sql):
  a build redoes the leads whose inputs changed. Their inputs are the lead's fingerprint in
  int_lead_fingerprints (their activity, touches and sales log, from which their stages, paths
  and deals come) plus what only attribution reads: the exchange_rates seed, the channel seeds
  (a touch's source) and the attribution vars, as they were given (unset: null). Stored with the
  rows as inputs_fingerprint.
#}
{% macro attribution_settings_fingerprint() -%}
    (
        (select sum(cityHash64(tuple(*))) from {{ ref('exchange_rates') }})
        + {{ channel_lists_fingerprint() }}
        + cityHash64(
            '{{ var("reporting_currency", "EUR") }}',
            '{{ var("attribution_lookback_days", 90) }}',
            '{{ var("attribution_half_life_days", 7) }}',
            '{{ var("attribution_models", none) | tojson }}',
            '{{ var("attribution_position_based_weights", none) | tojson }}',
            '{{ var("attribution_w_shaped_weights", none) | tojson }}',
            '{{ var("attribution_full_path_weights", none) | tojson }}'
        )
    )
{%- endmacro %}

{#
  lead_emails_to_build() for the attribution marts: the leads whose fingerprint plus the
  attribution settings is not the one stored with their rows (all, on a full build). Opens the
  model's WITH; lead_filter() then keeps its inputs to those leads.
#}
{% macro attribution_leads_to_build() -%}
    {%- if is_incremental() -%}
    (
        select groupUniqArray(email) from {{ ref('int_lead_fingerprints') }}
        where {{ lead_input_key('email', 'fingerprint + ' ~ attribution_settings_fingerprint()) }} not in (
            select {{ lead_input_key('email', 'inputs_fingerprint') }} from {{ this }}
        )
    ) as lead_emails_to_build
    {%- else -%}
    cast([], 'Array(String)') as lead_emails_to_build
    {%- endif -%}
{%- endmacro %}

{# The pre_hook: deletes the rows of leads whose inputs changed, or who are no lead any more. #}
{% macro delete_stale_attribution_rows() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ lead_input_key('email', 'inputs_fingerprint') }} not in (
        select {{ lead_input_key('email', 'fingerprint + ' ~ attribution_settings_fingerprint()) }}
        from {{ ref('int_lead_fingerprints') }}
    )
    {%- endif -%}
{%- endmacro %}

{#
  The CTE sessions: the touchpoints matching `touch_filter` (SQL on int_touchpoints_classified)
  with their channel, source, medium and campaign, a session an email click opened being the
  email's there already. attribution_paths reads the leads' (a conversion's path),
  attribution_non_converting_paths everybody's.
#}
{% macro attribution_sessions(touch_filter) -%}
    sessions as (
        -- The id as text: a conversion without a touch has '' in the attribution mart.
        select
            email, anonymous_id, toString(touchpoint_id) as touchpoint_id, ts, site_id, channel, source, medium,
            campaign, inserted_at
        from {{ ref('int_touchpoints_classified') }}
        where {{ touch_filter }}
    )
{%- endmacro %}
