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
