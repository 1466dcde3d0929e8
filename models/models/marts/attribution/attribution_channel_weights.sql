{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_stale_channel_weights() }}",
        order_by='(conversion, month, model, channel_set, channel)'
    )
}}

{%- set iterations = var('attribution_markov_iterations', 100) %}
{%- set max_channels = var('attribution_shapley_max_channels', 6) %}

-- The data-driven models' weights per conversion kind and month (of the conversion; of the last
-- session for a path that did not convert), from the converting paths (attribution_paths) and
-- the others (attribution_non_converting_paths), non-empty ones only. The attribution mart
-- shares each conversion's credit by them. Definitions and a worked example: docs/models.md.
--
-- markov: one row per channel: value is its removal effect in the first-order Markov chain
-- (states (start), the channels, (conversion), (null); Anderl et al. 2016), weight its share of
-- the effects. The chain's conversion probability is iterated (var attribution_markov_iterations
-- steps of v <- T v from v = 1 at (conversion)), not solved: a fixed loop of array arithmetic the
-- engine runs as one expression; a channel's self-transitions are left out, which changes no
-- absorption probability and makes the iteration converge faster.
--
-- shapley: one row per converting channel set and channel (fractribution's set-based Shapley
-- values): value the Shapley value of the channel in the set, where a set's worth is the
-- conversion probability of the paths with exactly that set; weight the value clipped at 0 and
-- normalised within the set (equal shares if none is positive). A set holds a path's at most
-- var attribution_shapley_max_channels (default 6) most recently touched channels, so the
-- subsets enumerated stay at most 2^5 per channel.
--
-- Incremental by conversion kind and month: a build recomputes the kinds and months whose paths
-- changed (inputs_fingerprint, a hash of their paths and of the two vars above; see
-- macros/data_driven.sql), and keeps the others' rows, which a full rebuild would compute alike.
with
    {{ channel_weight_months_to_build() }},
    journeys as (
        select conversion, month, channel_path, converted
        from {{ data_driven_journeys() }}
        where (conversion, month) in (select month_to_build.1, month_to_build.2 from (
            select arrayJoin(months_to_build) as month_to_build
        ))
    ),
    -- Markov: the transitions' counts, a path's first from (start), its last to the end.
    transitions as (
        select conversion, month, step.1 as from_state, step.2 as to_state, count() as transitions
        from (
            select
                conversion,
                month,
                arrayJoin(arrayZip(
                    arrayPushFront(channel_path, '(start)'),
                    arrayPushBack(channel_path, if(converted, '(conversion)', '(null)'))
                )) as step
            from journeys
        )
        where from_state != to_state
        group by conversion, month, from_state, to_state
    ),
    chains as (
        select
            conversion,
            month,
            -- States 1, 2, 3: (start), (conversion), (null); then the channels.
            arrayConcat(
                ['(start)', '(conversion)', '(null)'],
                arraySort(groupUniqArrayIf(from_state, from_state != '(start)'))
            ) as states,
            groupArray((from_state, to_state, transitions)) as edges,
            -- The transition matrix, row by from-state; the absorbing rows are all 0 (unused).
            arrayMap(
                from -> arrayMap(
                    to -> toFloat64(arraySum(arrayMap(edge -> if(edge.1 = from and edge.2 = to, edge.3, 0), edges))),
                    states
                ),
                states
            ) as counts,
            arrayMap(row -> arrayMap(count -> if(arraySum(row) = 0, 0, count / arraySum(row)), row), counts)
                as matrix,
            length(states) as state_count,
            -- The probability of reaching (conversion) from (start) with state `removed` (0:
            -- none) sending every visit to (null), for each of 0 and the channels 4...
            arrayMap(
                removed -> arrayFold(
                    (probabilities, step) -> arrayMap(
                        state -> multiIf(
                            state = 2, 1.,
                            state = 3 or state = removed, 0.,
                            arraySum(arrayMap((p, v) -> p * v, matrix[state], probabilities))
                        ),
                        range(1, state_count + 1)
                    ),
                    range({{ iterations }}),
                    arrayMap(state -> toFloat64(state = 2), range(1, state_count + 1))
                )[1],
                arrayConcat([0], range(4, state_count + 1))
            ) as conversion_probabilities
        from transitions
        group by conversion, month
    ),
    removal_effects as (
        select
            conversion,
            month,
            arraySlice(states, 4) as channels,
            arrayMap(
                removed -> if(conversion_probabilities[1] = 0, 0, 1 - removed / conversion_probabilities[1]),
                arraySlice(conversion_probabilities, 2)
            ) as effects
        from chains
        -- A kind and month without a conversion in a non-empty path credits nobody.
        where conversion_probabilities[1] > 0
    ),
    markov as (
        select
            conversion,
            month,
            'markov' as model,
            '' as channel_set,
            channel_effect.1 as channel,
            channel_effect.2 as value,
            if(arraySum(effects) = 0, 0, channel_effect.2 / arraySum(effects)) as weight
        from removal_effects
        array join arrayZip(channels, effects) as channel_effect
    ),
    -- Shapley: each path's set of channels, at most max_channels of the latest.
    sets as (
        select
            conversion,
            month,
            {{ shapley_channel_set('channel_path', max_channels) }} as channel_set,
            splitByChar(',', channel_set) as channels,
            countIf(converted) as conversions,
            conversions / count() as probability
        from journeys
        group by conversion, month, channel_set
    ),
    worths as (
        select conversion, month, mapFromArrays(groupArray(channel_set), groupArray(probability)) as worth
        from sets
        group by conversion, month
    ),
    -- Each converting set's marginal contributions: per channel i of the set and subset T of
    -- the others (a bit mask without bit i), the keys of T and T + i and the weight
    -- |T|! (n - |T| - 1)! / n!. Rows joined to the worths, not lookups in a map inside a lambda
    -- (the engine copies a captured column for every element of the array it maps).
    contributions as (
        select
            conversion,
            month,
            channel_set,
            channels,
            length(channels) as n,
            arrayJoin(arrayFlatten(arrayMap(
                i -> arrayMap(mask -> (i, mask), arrayFilter(mask -> not bitTest(mask, i - 1), range(toUInt64(pow(2, n))))),
                range(1, n + 1)
            ))) as channel_subset,
            channel_subset.1 as i,
            channel_subset.2 as mask,
            arrayStringConcat(
                arrayFilter((channel, j) -> bitTest(mask, j - 1), channels, arrayEnumerate(channels)), ','
            ) as without_key,
            arrayStringConcat(
                arrayFilter((channel, j) -> j = i or bitTest(mask, j - 1), channels, arrayEnumerate(channels)), ','
            ) as with_key,
            factorial(bitCount(mask)) * factorial(n - bitCount(mask) - 1) / factorial(n) as coefficient
        from sets
        where conversions > 0
    ),
    shapley_values as (
        select
            contributions.conversion as conversion,
            contributions.month as month,
            contributions.channel_set as channel_set,
            any(contributions.n) as n,
            contributions.channels[contributions.i] as channel,
            -- A set no path has, and the empty set, are worth 0. Summed in sorted order: the
            -- same bits on every build whatever the order the threads deliver the rows in (the
            -- attribution mart redoes a lead whose weights' bits changed).
            arraySum(arraySort(groupArray(
                contributions.coefficient
                * (ifNull(with_worth.probability, 0) - ifNull(without_worth.probability, 0))
            ))) as value
        from contributions
        left join sets as with_worth
            on with_worth.conversion = contributions.conversion
            and with_worth.month = contributions.month
            and with_worth.channel_set = contributions.with_key
        left join sets as without_worth
            on without_worth.conversion = contributions.conversion
            and without_worth.month = contributions.month
            and without_worth.channel_set = contributions.without_key
        group by conversion, month, channel_set, channel
    ),
    shapley as (
        select
            conversion,
            month,
            'shapley' as model,
            channel_set,
            channel_value.1 as channel,
            channel_value.2 as value,
            arraySum(arrayMap(other -> greatest(other, 0), values)) as clipped_total,
            if(clipped_total = 0, 1 / length(values), greatest(value, 0) / clipped_total) as weight
        from (
            select
                conversion,
                month,
                channel_set,
                -- In the set's (sorted) channel order, so the total adds up alike on every build.
                arraySort(groupArray((channel, value))) as channel_values,
                arrayMap(channel_value -> channel_value.2, channel_values) as values
            from shapley_values
            group by conversion, month, channel_set
        )
        array join channel_values as channel_value
    )
select
    conversion,
    month,
    model,
    channel_set,
    channel,
    value,
    weight,
    -- A lookup in the constant array, not arrayFirst with a lambda reading the row's columns (the
    -- engine copies a captured column for every element).
    months_to_build[indexOf(
        arrayMap(month_to_build -> (month_to_build.1, month_to_build.2), months_to_build), (conversion, month)
    )].3 as inputs_fingerprint
from (
    select conversion, month, model, channel_set, channel, value, weight
    from markov
    union all
    select conversion, month, model, channel_set, channel, value, weight
    from shapley
)
