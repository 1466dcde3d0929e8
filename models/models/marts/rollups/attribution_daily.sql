{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_changed_attribution_days() }}",
        order_by='(model, conversion, day, channel, site_id)'
    )
}}

-- The attribution credits per day, model, conversion, site and channel: what the overview of
-- one channel or site and the comparison of the models sum for a period (at 1 M events, 35 k
-- rows where attribution has one per credited touch). first_of_kind marks the lead's first
-- conversion of its kind (a new customer rather than another won deal). Credits are summed as
-- decimals, exact in any order, so a day rebuilt alone equals the same day of a full build.
-- Incremental by day (macros/rollups.sql): a build adds the days this table lacks, those the
-- pre_hook deleted as changed and new ones.
with
    days as (
        {{ attribution_day_fingerprints(ref('attribution')) }}
        {%- if is_incremental() %}
        having day not in (select day from {{ this }})
        {%- endif %}
    ),
    credits as (
        select
            toDate(converted_at) as day,
            model,
            conversion,
            conversion_id,
            site_id,
            channel,
            toDecimal128(credit, 15) as credit
        from {{ ref('attribution') }}
        {%- if is_incremental() %}
        where toDate(converted_at) in (select day from days)
        {%- endif %}
    ),
    firsts as (
        select conversion_id
        from {{ ref('conversions') }}
        where conversion_number = 1
        {%- if is_incremental() %}
            and toDate(converted_at) in (select day from days)
        {%- endif %}
    )
select
    credits.day as day,
    model,
    conversion,
    conversion_id in (select conversion_id from firsts) as first_of_kind,
    site_id,
    channel,
    sum(credit) as credit,
    any(days.day_fingerprint) as day_fingerprint
from credits
inner join days on days.day = credits.day
group by day, model, conversion, first_of_kind, site_id, channel
