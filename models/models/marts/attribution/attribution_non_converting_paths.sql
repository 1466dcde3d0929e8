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
    {{ attribution_sessions(non_converting_touch_filter()) }},
    -- What a lead's rows need beside their sessions, one row per lead: their fingerprint and the
    -- month of their first conversion of each kind (from then on, not a non-converter of it).
    leads as (
        select
            fingerprints.email as lead_email,
            fingerprints.fingerprint as lead_fingerprint,
            converted.first_months as first_months
        from {{ ref('int_lead_fingerprints') }} as fingerprints
        left join (
            select email, groupArray((conversion, first_month)) as first_months
            from (
                select email, conversion, min(toStartOfMonth(converted_at)) as first_month
                from {{ ref('conversions') }}
                where {{ lead_filter('email') }}
                group by email, conversion
            )
            group by email
        ) as converted on converted.email = fingerprints.email
        where {{ lead_filter('fingerprints.email') }}
    ),
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
    -- Joined per person, before the months and kinds multiply the rows. Without a match (a
    -- visitor), the left join leaves fingerprint 0 and no conversions.
    person_months as (
        select
            people.person as person,
            people.email as email,
            people.visitor_id as visitor_id,
            people.last_inserted_at as last_inserted_at,
            if(people.email = '', 0, leads.lead_fingerprint) + {{ attribution_settings_fingerprint() }}
                as inputs_fingerprint,
            leads.first_months as first_months,
            arrayJoin(arrayDistinct(arrayMap(touch -> toStartOfMonth(touch.1), people.touches))) as month,
            arrayLast(touch -> toStartOfMonth(touch.1) = month, people.touches).1 as last_touched_at,
            arrayMap(
                touch -> touch.3,
                arrayFilter(
                    touch -> touch.1 <= last_touched_at
                        and touch.1 >= last_touched_at - interval {{ var('attribution_lookback_days', 90) }} day,
                    people.touches
                )
            ) as channel_path
        from people
        left join leads on leads.lead_email = people.email
    )
select
    person,
    email,
    visitor_id as anonymous_id,
    conversion,
    month,
    last_touched_at,
    channel_path,
    length(channel_path) as path_length,
    -- What the rows were built from, as in attribution_paths: a lead's fingerprint and the
    -- attribution settings; a visitor's, the settings alone (their sessions are found by
    -- inserted_at, the newest of their sessions' stamps).
    inputs_fingerprint,
    last_inserted_at as inserted_at
from person_months
array join ['lead', 'mql', 'sql', 'opportunity', 'customer'] as conversion
-- The month of the first conversion of the kind; none: 1970-01-01, the default.
where arrayFirst(first_month -> first_month.1 = conversion, first_months).2 = toDate(0)
    or month < arrayFirst(first_month -> first_month.1 = conversion, first_months).2
