{{ config(order_by='email') }}

-- One row per lead (per normalised email): when they were first seen (their anonymous history
-- included) and identified, their first touch, what is known about them, their score and owner.
with
    identified as (
        select email, identified_at from {{ ref('int_leads') }}
    ),
    -- The first and last entries of their activity log, null without one.
    activity as (
        select email, first_activity_at, last_activity_at from {{ ref('int_lead_fingerprints') }}
    ),
    first_touch as (
        select email, source, medium, campaign, channel
        from {{ ref('int_touchpoints_classified') }}
        where email != '' and touch_number = 1
    ),
    attributes as (
        select
            email,
            anyIf(value, attribute = 'name') as name,
            anyIf(value, attribute = 'company') as company,
            toUInt32OrNull(anyIf(value, attribute = 'company_size')) as company_size,
            anyIf(value, attribute = 'industry') as industry,
            anyIf(value, attribute = 'country') as country,
            anyIf(value, attribute = 'job_title') as job_title,
            anyIf(value, attribute = 'seniority') as seniority,
            anyIf(value, attribute = 'budget') as budget,
            anyIf(value, attribute = 'authority') as authority,
            anyIf(value, attribute = 'need') as need,
            anyIf(value, attribute = 'timeline') as timeline
        from {{ ref('int_lead_attributes') }}
        group by email
    )
select
    identified.email as email,
    least(identified.identified_at, ifNull(activity.first_activity_at, identified.identified_at))
        as first_seen_at,
    identified.identified_at as identified_at,
    ifNull(activity.last_activity_at, identified.identified_at) as last_activity_at,
    -- As in funnel: a lead never on the site (known from the CRM or the email links) has none.
    if(first_touch.channel = '', '(none)', first_touch.channel) as first_touch_channel,
    first_touch.source as first_touch_source,
    first_touch.medium as first_touch_medium,
    first_touch.campaign as first_touch_campaign,
    attributes.name as name,
    attributes.company as company,
    attributes.company_size as company_size,
    attributes.industry as industry,
    attributes.country as country,
    attributes.job_title as job_title,
    attributes.seniority as seniority,
    attributes.budget as budget,
    attributes.authority as authority,
    attributes.need as need,
    attributes.timeline as timeline,
    scores.score as score,
    scores.fit_score as fit_score,
    scores.engagement_score as engagement_score,
    scores.negative_score as negative_score,
    scores.temperature as temperature,
    scores.traffic_light as traffic_light,
    scores.is_mql as is_mql,
    stages.stage as current_stage,
    stages.entered_at as current_stage_entered_at,
    -- Who the lead is with now (lead_assignments): '' for a lead not routed nor owned.
    assignments.owner as owner,
    assignments.team as team
from identified
left join activity on activity.email = identified.email
left join first_touch on first_touch.email = identified.email
left join attributes on attributes.email = identified.email
left join {{ ref('lead_scores') }} as scores on scores.email = identified.email
left join (
    select email, stage, entered_at from {{ ref('lifecycle_stages') }} where is_current
) as stages on stages.email = identified.email
left join (
    select email, owner, team from {{ ref('lead_assignments') }} where is_current
) as assignments on assignments.email = identified.email
