{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_stale_non_converting_paths() }}",
        order_by='(email, anonymous_id, conversion, month)'
    )
}}

-- Paths that did not (yet) convert, which the data-driven models (markov, shapley) weigh against
-- the converting ones in attribution_paths: one row per conversion kind, person and month in
-- which the person had a session and had not made that conversion by the month's end. A person
-- is a lead (by email) or a visitor never identified (by anonymous id: for the lead conversion,
-- they are the non-converters). Their path is their sessions, classified as attribution_paths
-- does, in the var attribution_lookback_days (default 90) before and including their last
-- session of the month: the window a conversion right after it would have had. Anchored at the
-- month's last session rather than at the build's time, so that a path, and the weights, change
-- only with new data in its month: a returning visitor adds a row to the new month and leaves
-- the earlier ones, and their months' weights, as they were.
-- Incremental by person (macros/data_driven.sql): a build redoes the leads whose inputs
-- changed, as attribution_paths does, and the visitors with events stored since the last build.
with
    {{ non_converting_people_to_build() }},
    {{ attribution_sessions(non_converting_touch_filter(), lead_filter('email')) }},
    people as (
        select
            email,
            -- A visitor's id (a lead's devices are theirs by email): an erasure by anonymous id
            -- finds the row by this column, as in every table.
            if(email = '', anonymous_id, '') as visitor_id,
            if(email != '', email, concat('anonymous:', visitor_id)) as person,
            max(inserted_at) as last_inserted_at,
            arraySort(
                touch -> (touch.1, touch.2),
                groupArray((ts, touchpoint_id, channel))
            ) as touches
        from sessions
        group by email, visitor_id
    ),
    person_months as (
        select
            person,
            email,
            visitor_id,
            last_inserted_at,
            arrayJoin(arrayDistinct(arrayMap(touch -> toStartOfMonth(touch.1), touches))) as month,
            arrayLast(touch -> toStartOfMonth(touch.1) = month, touches).1 as last_touched_at,
            arrayMap(
                touch -> touch.3,
                arrayFilter(
                    touch -> touch.1 <= last_touched_at
                        and touch.1 >= last_touched_at - interval {{ var('attribution_lookback_days', 90) }} day,
                    touches
                )
            ) as channel_path
        from people
    ),
    -- The month of each lead's first conversion of each kind: from then on, not a non-converter.
    first_conversions as (
        select email as converted_email, conversion as converted_kind, min(toStartOfMonth(converted_at)) as first_month
        from {{ ref('conversions') }}
        where {{ lead_filter('email') }}
        group by email, conversion
    ),
    fingerprints as (
        select email as fingerprinted_email, fingerprint
        from {{ ref('int_lead_fingerprints') }}
        where {{ lead_filter('email') }}
    )
select
    person_months.person as person,
    person_months.email as email,
    person_months.visitor_id as anonymous_id,
    kinds.conversion as conversion,
    person_months.month as month,
    person_months.last_touched_at as last_touched_at,
    person_months.channel_path as channel_path,
    length(person_months.channel_path) as path_length,
    -- What the rows were built from, as in attribution_paths: a lead's fingerprint and the
    -- attribution settings; a visitor's, the settings alone (their sessions are found by
    -- inserted_at, the newest of their sessions' stamps).
    if(person_months.email = '', 0, fingerprints.fingerprint) + {{ attribution_settings_fingerprint() }}
        as inputs_fingerprint,
    person_months.last_inserted_at as inserted_at
from person_months
cross join (
    select arrayJoin(['lead', 'mql', 'sql', 'opportunity', 'customer']) as conversion
) as kinds
left join first_conversions
    on first_conversions.converted_email = person_months.email
    and first_conversions.converted_kind = kinds.conversion
left join fingerprints on fingerprints.fingerprinted_email = person_months.email
-- Without a match the left join leaves converted_email empty (as no lead's email is).
where first_conversions.converted_email = '' or person_months.month < first_conversions.first_month
