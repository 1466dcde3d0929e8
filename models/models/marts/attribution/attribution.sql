{{
    config(
        materialized='incremental',
        pre_hook=["{{ delete_stale_attribution_rows() }}", "{{ delete_stale_data_driven_rows() }}"],
        order_by='(email, converted_at, conversion_id, model, touch_position)'
    )
}}

{%- set models = var('attribution_models', [
    'first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay',
    'position_based', 'w_shaped', 'full_path', 'markov', 'shapley'
]) %}
{%- set half_life = var('attribution_half_life_days', 7) %}
{%- set position_based = var('attribution_position_based_weights', {'first': 0.4, 'last': 0.4, 'middle': 0.2}) %}
{%- set w_shaped = var('attribution_w_shaped_weights', {'first': 0.3, 'lead': 0.3, 'opportunity': 0.3, 'rest': 0.1}) %}
{%- set full_path = var(
    'attribution_full_path_weights',
    {'first': 0.225, 'lead': 0.225, 'opportunity': 0.225, 'closing': 0.225, 'rest': 0.1}
) %}

-- Each conversion's credit to each touch of its path (attribution_paths), under every
-- model (var attribution_models): one row per conversion, model and credited touch; per conversion and model
-- the credits sum to 1. A conversion with an empty path gives one row of channel (none) with
-- credit 1 per model, so totals add up. revenue is the credit's share of the conversion's
-- revenue (NULL where the deal's currency had no rate). The rules, with worked examples, are in
-- docs/models.md (Attribution). Incremental: a build redoes the leads whose inputs changed
-- (macros/attribution.sql). The data-driven models (markov, shapley) share a conversion's credit
-- among its channels by the weights of its kind and month (attribution_channel_weights; shapley:
-- of its channel set), a channel's share divided equally among its touches; a lead is redone
-- too when those weights changed (weights_fingerprint, and the second pre_hook in
-- macros/data_driven.sql).
with
    {{ attribution_leads_to_build() }},
    paths as (
        select
            * except (markov_conversion, markov_month, shapley_conversion, shapley_month, shapley_channel_set),
            cityHash64(markov_fingerprint, shapley_fingerprint) as weights_fingerprint,
            range(1, path_length + 1) as positions,
            -- The touches the B2B models credit: the last at or before the lead was created, and
            -- before the opportunity was; 0 when none in the path (or no such milestone yet).
            arrayLastIndex(ts -> ts <= ifNull(lead_created_at, toDateTime64(0, 3, 'UTC')), touched_at)
                as lead_position,
            arrayLastIndex(ts -> ts <= ifNull(opportunity_created_at, toDateTime64(0, 3, 'UTC')), touched_at)
                as opportunity_position,
            -- The latest touch that is not direct; all direct: the latest.
            if(
                arrayExists(channel -> channel != 'direct', channel_path),
                arrayLastIndex(channel -> channel != 'direct', channel_path),
                path_length
            ) as last_non_direct_position,
            -- 2^(-age / half-life), the age taken from the latest touch rather than the
            -- conversion: the same shares once normalised, and no weight underflows to 0.
            arrayMap(
                ts -> pow(2, -dateDiff('millisecond', ts, touched_at[path_length]) / ({{ half_life }} * 86400000)),
                touched_at
            ) as decay_weights,
            {{ role_weights('positions', 'path_length', [
                ['1', position_based['first']], ['path_length', position_based['last']]
            ], position_based['middle']) }} as position_weights,
            {{ role_weights('positions', 'path_length', [
                ['1', w_shaped['first']], ['lead_position', w_shaped['lead']],
                ['opportunity_position', w_shaped['opportunity']]
            ], w_shaped['rest']) }} as w_weights,
            {{ role_weights('positions', 'path_length', [
                ['1', full_path['first']], ['lead_position', full_path['lead']],
                ['opportunity_position', full_path['opportunity']], ['path_length', full_path['closing']]
            ], full_path['rest']) }} as full_path_weights
        from {{ ref('attribution_paths') }} as path
        {{ data_driven_weights_joins('path') }}
        where path.path_length > 0 and {{ lead_filter('path.email') }}
    ),
    credits as (
        select
            *,
            -- w_shaped without its two milestones in the path is position_based; full_path is
            -- for the customer conversion with both milestones, else w_shaped.
            lead_position > 0 and opportunity_position > 0 as has_milestones,
            if(has_milestones, w_weights, position_weights) as w_shaped_weights,
            if(has_milestones and conversion = 'customer', full_path_weights, w_shaped_weights)
                as full_path_or_fallback_weights,
            arraySum(decay_weights) as decay_total,
            arraySum(w_shaped_weights) as w_shaped_total,
            arraySum(position_weights) as position_total,
            arraySum(full_path_or_fallback_weights) as full_path_total,
            [
                {%- for model in models %}
                ('{{ model }}', {% if model == 'first_touch' -%}
                    arrayMap(position -> toFloat64(position = 1), positions)
                {%- elif model == 'last_touch' -%}
                    arrayMap(position -> toFloat64(position = path_length), positions)
                {%- elif model == 'last_non_direct' -%}
                    arrayMap(position -> toFloat64(position = last_non_direct_position), positions)
                {%- elif model == 'linear' -%}
                    arrayMap(position -> 1 / path_length, positions)
                {%- elif model == 'time_decay' -%}
                    {{ normalised('decay_weights', 'decay_total') }}
                {%- elif model == 'position_based' -%}
                    {{ normalised('position_weights', 'position_total') }}
                {%- elif model == 'w_shaped' -%}
                    {{ normalised('w_shaped_weights', 'w_shaped_total') }}
                {%- elif model == 'full_path' -%}
                    {{ normalised('full_path_or_fallback_weights', 'full_path_total') }}
                {%- elif model == 'markov' -%}
                    {{ channel_shares('markov_weights', 'channel_path') }}
                {%- elif model == 'shapley' -%}
                    {{ channel_shares('shapley_weights', 'channel_path') }}
                {%- else -%}
                    arrayMap(position -> toFloat64(throwIf(true, 'unknown attribution model: {{ model }}')), positions)
                {%- endif %}){% if not loop.last %},{% endif %}
                {%- endfor %}
            ] as model_credits
        from paths
    ),
    model_paths as (
        select *, touched_at as touch_times, arrayJoin(model_credits) as model_credit
        from credits
    ),
    touch_credits as (
        select
            conversion_id,
            email,
            site_id,
            conversion,
            converted_at,
            revenue as conversion_revenue,
            tupleElement(model_credit, 1) as model,
            arrayJoin(arrayZip(
                positions, tupleElement(model_credit, 2), touchpoint_ids, touch_times, channel_path, sources,
                mediums, campaigns
            )) as touch,
            tupleElement(touch, 1) as touch_position,
            tupleElement(touch, 2) as credit,
            tupleElement(touch, 3) as touchpoint_id,
            toNullable(tupleElement(touch, 4)) as touched_at,
            tupleElement(touch, 5) as channel,
            tupleElement(touch, 6) as source,
            tupleElement(touch, 7) as medium,
            tupleElement(touch, 8) as campaign,
            inputs_fingerprint,
            weights_fingerprint
        from model_paths
        where credit > 0
    ),
    empty_paths as (
        select
            conversion_id,
            email,
            site_id,
            conversion,
            converted_at,
            revenue as conversion_revenue,
            model,
            toUInt64(0) as touch_position,
            toFloat64(1) as credit,
            '' as touchpoint_id,
            cast(null, 'Nullable(DateTime64(3, \'UTC\'))') as touched_at,
            '(none)' as channel,
            '' as source,
            '' as medium,
            '' as campaign,
            inputs_fingerprint,
            toUInt64(0) as weights_fingerprint
        from {{ ref('attribution_paths') }}
        array join [{% for model in models %}'{{ model }}'{% if not loop.last %}, {% endif %}{% endfor %}] as model
        where path_length = 0 and {{ lead_filter('email') }}
    )
select
    conversion_id,
    -- The lead's key, as in leads: their normalised email (email again, the column by which an
    -- erasure finds a person's rows in every table).
    email as lead_id,
    email,
    site_id,
    conversion,
    converted_at,
    model,
    touch_position,
    touchpoint_id,
    touched_at,
    channel,
    source,
    medium,
    campaign,
    credit,
    credit * conversion_revenue as revenue,
    inputs_fingerprint,
    weights_fingerprint
from (
    select * except touch from touch_credits
    union all
    select * from empty_paths
)
