-- Paths that did not (yet) convert, which the data-driven models (markov, shapley) weigh against
-- the converting ones in attribution_paths: one row per conversion kind and person who never
-- made that conversion. A person is a lead (by email) or a visitor never identified (by
-- anonymous id: for the lead conversion, they are the non-converters). Their path is their
-- sessions, classified as the touchpoints are, in the var attribution_lookback_days (default
-- 90) before and including their last session: the window a conversion right after it would
-- have. Anchored at the last session rather than at the build's time, so a path, and the
-- weights, do not change from one day's build to the next without new data; month is the last
-- session's month. Rebuilt whole: it is an aggregate over everybody.
with
    {{ attribution_sessions('true') }},
    people as (
        select
            email,
            -- A visitor's id (a lead's devices are theirs by email): an erasure by anonymous id
            -- finds the row by this column, as in every table.
            if(email = '', anonymous_id, '') as visitor_id,
            if(email != '', email, concat('anonymous:', visitor_id)) as person,
            max(ts) as last_touched_at,
            arraySort(
                touch -> touch.1,
                groupArray((ts, touchpoint_id, channel))
            ) as touches
        from sessions
        group by email, visitor_id
    ),
    converted as (
        select distinct email, conversion from {{ ref('conversions') }}
    )
select
    people.person as person,
    people.email as email,
    people.visitor_id as anonymous_id,
    kinds.conversion as conversion,
    toStartOfMonth(people.last_touched_at) as month,
    people.last_touched_at as last_touched_at,
    arrayMap(
        touch -> touch.3,
        arrayFilter(
            touch -> touch.1 >= people.last_touched_at - interval {{ var('attribution_lookback_days', 90) }} day,
            people.touches
        )
    ) as channel_path,
    length(channel_path) as path_length
from people
cross join (
    select arrayJoin(['lead', 'mql', 'sql', 'opportunity', 'customer']) as conversion
) as kinds
left anti join converted on converted.email = people.email and converted.conversion = kinds.conversion
