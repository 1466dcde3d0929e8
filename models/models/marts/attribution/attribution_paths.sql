{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_stale_attribution_rows() }}",
        order_by='(email, converted_at, conversion_id)'
    )
}}

-- One row per conversion with its path: the lead's sessions, on every device and anonymous id
-- stitched to them, that started before the conversion and at most var
-- attribution_lookback_days (default 90) before it, in order, classified as the touchpoints are
-- (int_touchpoints_classified: a session an email click opened is channel email; an open, or a
-- click that opened no session, is no touch). A conversion with no touch in the window has an
-- empty path.
-- The touches' columns are parallel arrays, which the attribution mart credits. Incremental: a
-- build redoes the leads whose inputs changed (macros/attribution.sql).
with
    {{ attribution_leads_to_build() }},
    conversions as (
        select
            conversion_id, email, conversion, converted_at, revenue, lead_created_at, opportunity_created_at,
            inputs_fingerprint
        from {{ ref('conversions') }}
        where {{ lead_filter('email') }}
    ),
    {{ attribution_sessions("email != '' and " ~ lead_filter('email')) }},
    earlier_sessions as (
        select
            conversions.conversion_id as conversion_id,
            sessions.ts >= conversions.converted_at - interval {{ var('attribution_lookback_days', 90) }} day
                as in_window,
            sessions.ts as ts,
            sessions.touchpoint_id as touchpoint_id,
            sessions.site_id as site_id,
            sessions.channel as channel,
            sessions.source as source,
            sessions.medium as medium,
            sessions.campaign as campaign
        from conversions
        inner join sessions on sessions.email = conversions.email
        where sessions.ts < conversions.converted_at
    ),
    paths as (
        select
            conversion_id,
            -- The site of the lead's latest visit before converting, in the window or not.
            argMax(site_id, (ts, touchpoint_id)) as site_id,
            arraySort(
                touch -> (touch.1, touch.2),
                groupArrayIf((ts, touchpoint_id, channel, source, medium, campaign), in_window)
            ) as touches
        from earlier_sessions
        group by conversion_id
    )
select
    conversions.conversion_id as conversion_id,
    conversions.email as email,
    paths.site_id as site_id,
    conversions.conversion as conversion,
    conversions.converted_at as converted_at,
    conversions.revenue as revenue,
    conversions.lead_created_at as lead_created_at,
    conversions.opportunity_created_at as opportunity_created_at,
    arrayMap(touch -> touch.3, paths.touches) as channel_path,
    length(paths.touches) as path_length,
    if(path_length = 0, '(none)', arrayStringConcat(channel_path, ' > ')) as path_text,
    -- From the path's first touch; NULL for an empty path.
    if(
        path_length = 0,
        null,
        dateDiff('millisecond', tupleElement(paths.touches[1], 1), conversions.converted_at) / 86400000
    ) as days_to_convert,
    arrayMap(touch -> touch.2, paths.touches) as touchpoint_ids,
    arrayMap(touch -> touch.1, paths.touches) as touched_at,
    arrayMap(touch -> touch.4, paths.touches) as sources,
    arrayMap(touch -> touch.5, paths.touches) as mediums,
    arrayMap(touch -> touch.6, paths.touches) as campaigns,
    conversions.inputs_fingerprint as inputs_fingerprint
from conversions
left join paths on paths.conversion_id = conversions.conversion_id
