{# The data-driven attribution models (markov, shapley): see attribution_channel_weights. #}

{#
  A path's channel set as shapley weighs it: its at most `max_channels` most recently touched
  channels, sorted, joined by commas (a text key; channel names hold no comma).
#}
{% macro shapley_channel_set(channel_path, max_channels) -%}
    arrayStringConcat(arraySort(arraySlice(arrayDistinct(arrayReverse({{ channel_path }})), 1, {{ max_channels }})), ',')
{%- endmacro %}

{#
  Per conversion kind, month, model and channel set (markov: '') the channels' weights as a
  map, and a fingerprint of them (0 where a join finds none). A subquery, not a CTE: the
  DELETE of a pre_hook sees no CTE in its subqueries.
#}
{% macro data_driven_weights() -%}
    (
        select
            conversion,
            month,
            model,
            channel_set,
            mapFromArrays(groupArray(channel), groupArray(weight)) as weights,
            sum(cityHash64(channel, weight)) as fingerprint
        from {{ ref('attribution_channel_weights') }}
        group by conversion, month, model, channel_set
    )
{%- endmacro %}

{#
  The joins giving each of `paths` (attribution_paths) its markov_weights and shapley_weights
  and their fingerprints, under names no column of attribution_paths has.
#}
{% macro data_driven_weights_joins(paths) -%}
    {%- set max_channels = var('attribution_shapley_max_channels', 6) -%}
    left join (
        select conversion as markov_conversion, month as markov_month, weights as markov_weights,
            fingerprint as markov_fingerprint
        from {{ data_driven_weights() }}
        where model = 'markov'
    ) as markov on markov.markov_conversion = {{ paths }}.conversion
        and markov.markov_month = toStartOfMonth({{ paths }}.converted_at)
    left join (
        select conversion as shapley_conversion, month as shapley_month, channel_set as shapley_channel_set,
            weights as shapley_weights, fingerprint as shapley_fingerprint
        from {{ data_driven_weights() }}
        where model = 'shapley'
    ) as shapley on shapley.shapley_conversion = {{ paths }}.conversion
        and shapley.shapley_month = toStartOfMonth({{ paths }}.converted_at)
        and shapley.shapley_channel_set = {{ shapley_channel_set(paths ~ '.channel_path', max_channels) }}
{%- endmacro %}

{#
  Each touch of `channel_path` its channel's weight (in the map `weights`) over the weights of the
  path's channels, divided equally among the channel's touches: the credits sum to 1. A path
  none of whose channels has a weight (none is expected: see attribution_channel_weights) is
  shared equally.
#}
{% macro channel_shares(weights, channel_path) -%}
    arrayMap(
        channel -> if(
            arraySum(arrayMap(distinct_channel -> {{ weights }}[distinct_channel], arrayDistinct({{ channel_path }}))) = 0,
            1 / length({{ channel_path }}),
            {{ weights }}[channel] / countEqual({{ channel_path }}, channel)
                / arraySum(arrayMap(distinct_channel -> {{ weights }}[distinct_channel], arrayDistinct({{ channel_path }})))
        ),
        {{ channel_path }}
    )
{%- endmacro %}

{#
  The second pre_hook of the attribution mart: deletes the rows of the leads with a conversion
  whose data-driven weights changed since its rows were built (new paths in its kind and month
  move them: an aggregate over everybody, which no lead's own fingerprint sees). The mart then
  rebuilds them, as it does any lead without rows.
#}
{% macro delete_stale_data_driven_rows() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where email in (
        select stored.email
        from (
            select distinct email, conversion_id, weights_fingerprint
            from {{ this }}
            where model in ('markov', 'shapley') and touch_position > 0
        ) as stored
        inner join (
            select
                paths.conversion_id as conversion_id,
                cityHash64(markov_fingerprint, shapley_fingerprint) as weights_fingerprint
            from {{ ref('attribution_paths') }} as paths
            {{ data_driven_weights_joins('paths') }}
            where paths.path_length > 0
        ) as current on current.conversion_id = stored.conversion_id
        where current.weights_fingerprint != stored.weights_fingerprint
    )
    {%- endif -%}
{%- endmacro %}

{#
  attribution_non_converting_paths is incremental by person. Opens the model's WITH with
  - lead_emails_to_build: the leads whose fingerprint plus the attribution settings is not the
    one stored with their rows, as attribution_paths finds them (attribution_leads_to_build(),
    reading only the table's leads' rows);
  - visitor_ids_to_build: the anonymous ids with events stored since the newest session of an
    anonymous visitor in the table (less var incremental_lookback_minutes, as in
    macros/incremental.sql) that have no rows: the pre_hook deleted the rows of those it found,
    and a visitor still with rows is left as is (the search here can reach further back than the
    pre_hook's, once the newest rows are deleted). Those ids are few: the table is read only for
    them, by its primary key.
  A full build: everybody.
#}
{% macro non_converting_people_to_build() -%}
    {%- if is_incremental() %}
    (
        select groupUniqArray(email) from {{ ref('int_lead_fingerprints') }}
        where {{ lead_input_key('email', 'fingerprint + ' ~ attribution_settings_fingerprint()) }} not in (
            select {{ lead_input_key('email', 'inputs_fingerprint') }} from {{ this }} where email != ''
        )
    ) as lead_emails_to_build,
    (
        select groupUniqArray(anonymous_id) from {{ ref('int_sessionized_events') }}
        where inserted_at > {{ non_converting_visitors_since() }}
    ) as new_visitor_ids,
    (
        select groupUniqArray(anonymous_id) from (select arrayJoin(new_visitor_ids) as anonymous_id)
        where anonymous_id not in (
            select anonymous_id from {{ this }}
            where email = '' and anonymous_id in (select arrayJoin(new_visitor_ids))
        )
    ) as visitor_ids_to_build
    {%- else %}
    cast([], 'Array(String)') as lead_emails_to_build,
    cast([], 'Array(String)') as visitor_ids_to_build
    {%- endif %}
{%- endmacro %}

{# The newest stamp of a visitor's rows in attribution_non_converting_paths, less the margin. #}
{% macro non_converting_visitors_since() -%}
    (
        (select max(inserted_at) from {{ this }} where email = '')
        - interval {{ var('incremental_lookback_minutes', 5) }} minute
    )
{%- endmacro %}

{# The touchpoints attribution_non_converting_paths reads: those of the people it builds. #}
{% macro non_converting_touch_filter() -%}
    {%- if is_incremental() -%}
    if(
        email = '',
        anonymous_id in (select arrayJoin(visitor_ids_to_build)),
        email in (select arrayJoin(lead_emails_to_build))
    )
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#
  The pre_hook of attribution_non_converting_paths: deletes the rows of the leads whose inputs
  changed (or who are no lead any more), and of the visitors with events stored since the last
  build, or identified since (now a lead's), or built with other settings.
#}
{% macro delete_stale_non_converting_paths() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where if(
        email = '',
        inputs_fingerprint != {{ attribution_settings_fingerprint() }}
            or anonymous_id in (select anonymous_id from {{ ref('int_identity') }})
            or anonymous_id in (
                select anonymous_id from {{ ref('int_sessionized_events') }}
                where inserted_at > {{ non_converting_visitors_since() }}
            ),
        {{ lead_input_key('email', 'inputs_fingerprint') }} not in (
            select {{ lead_input_key('email', 'fingerprint + ' ~ attribution_settings_fingerprint()) }}
            from {{ ref('int_lead_fingerprints') }}
        )
    )
    {%- endif -%}
{%- endmacro %}

{#
  The paths markov and shapley weigh, non-empty ones only: the conversions' (attribution_paths,
  in the conversion's month) and the others' (attribution_non_converting_paths). A subquery.
#}
{% macro data_driven_journeys() -%}
    (
        select conversion, toStartOfMonth(converted_at) as month, channel_path, true as converted
        from {{ ref('attribution_paths') }}
        where path_length > 0
        union all
        select conversion, month, channel_path, false as converted
        from {{ ref('attribution_non_converting_paths') }}
        where path_length > 0
    )
{%- endmacro %}

{#
  Per conversion kind and month with a conversion, a fingerprint of everything its weights are
  computed from: its paths (order-insensitive) and the vars attribution_markov_iterations and
  attribution_shapley_max_channels. A subquery.
#}
{% macro journey_fingerprints() -%}
    (
        select
            conversion,
            month,
            sum(cityHash64(channel_path, converted)) + cityHash64(
                '{{ var("attribution_markov_iterations", 100) }}',
                '{{ var("attribution_shapley_max_channels", 6) }}'
            ) as fingerprint
        from {{ data_driven_journeys() }}
        group by conversion, month
        having countIf(converted) > 0
    )
{%- endmacro %}

{#
  Opens attribution_channel_weights' WITH: months_to_build, the (conversion kind, month,
  fingerprint) whose weights the build computes: those whose fingerprint is not the one stored
  with their rows (the pre_hook deleted those rows), all on a full build.
#}
{% macro channel_weight_months_to_build() -%}
    (
        select groupArray((conversion, month, fingerprint))
        from {{ journey_fingerprints() }}
        {%- if is_incremental() %}
        where (conversion, month, fingerprint) not in (
            select conversion, month, inputs_fingerprint from {{ this }}
        )
        {%- endif %}
    ) as months_to_build
{%- endmacro %}

{#
  The pre_hook of attribution_channel_weights: deletes the rows of the kinds and months whose
  paths changed, or that have no conversion any more.
#}
{% macro delete_stale_channel_weights() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where (conversion, month, inputs_fingerprint) not in (
        select conversion, month, fingerprint from {{ journey_fingerprints() }}
    )
    {%- endif -%}
{%- endmacro %}
