{{ config(order_by='(month, first_touch_channel)') }}

-- The funnel of each month's new leads, per first-touch channel and for all channels ('all'):
-- how many reached each stage (ever, also after a recycle), the stage-to-stage conversion
-- rates, and the median days between stages. A lead reached a stage when it entered that stage
-- or a later one: a new contact whose first deal is won reached opportunity and customer at
-- that moment, so no rate exceeds 1 and no time between stages is negative.
with
    reached as (
        select
            leads.email as email,
            toStartOfMonth(leads.identified_at) as month,
            if(touch.channel = '', '(none)', touch.channel) as first_touch_channel,
            leads.identified_at as lead_at,
            stages.mql_at as mql_at,
            stages.sql_at as sql_at,
            stages.opportunity_at as opportunity_at,
            stages.customer_at as customer_at
        from {{ ref('int_leads') }} as leads
        left join (
            select
                email,
                -- The first time the stage or a later one was entered; NULL when none was.
                {{ first_reached('mql') }} as mql_at,
                {{ first_reached('sql') }} as sql_at,
                {{ first_reached('opportunity') }} as opportunity_at,
                {{ first_reached('customer') }} as customer_at
            from {{ ref('lifecycle_stages') }}
            group by email
        ) as stages on stages.email = leads.email
        left join (
            select email, channel from {{ ref('int_touchpoints_classified') }} where email != '' and touch_number = 1
        ) as touch on touch.email = leads.email
    ),
    per_channel as (
        select month, first_touch_channel, * except (month, first_touch_channel) from (
            {{ funnel_counts('reached', 'month, first_touch_channel') }}
        )
    ),
    all_channels as (
        select month, 'all' as first_touch_channel, * except (month) from (
            {{ funnel_counts('reached', 'month') }}
        )
    )
select * from per_channel
union all
select * from all_channels
