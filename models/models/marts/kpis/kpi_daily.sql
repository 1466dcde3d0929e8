{{ config(order_by='day') }}

-- The day-by-day numbers marketing watches: visitors, page views, new leads and the
-- visitor-to-lead conversion rate, MQLs, SQLs, reopened and reactivated leads, email opens and
-- clicks and their rates (against the emails sent, which the email channel's cost rows report
-- as impressions). Every day from the first to the last with any of them has a row: a quiet day
-- is a row of zeros, not a gap in a chart or an average.
with
    web as (
        select day, countIf(views > 0) as visitors, sum(views) as pageviews
        from (select day, pageviews as views from {{ ref('int_visitor_days') }})
        group by day
    ),
    new_leads as (
        select
            toDate(identified_at) as day,
            count() as new_leads,
            -- Visitors who became leads: first known by a form or identify() on the site, not
            -- from the CRM or an email link.
            countIf(identified_on_web) as new_web_leads
        from {{ ref('int_leads') }}
        group by day
    ),
    stages as (
        select
            toDate(entered_at) as day,
            countIf(stage = 'mql') as mqls,
            countIf(stage = 'sql') as sqls,
            countIf(stage = 'reopened') as reopened,
            countIf(stage = 'reactivated') as reactivated
        from {{ ref('lifecycle_stages') }}
        group by day
    ),
    emails as (
        select
            toDate(ts) as day,
            -- One per recipient and message: someone opening an email five times is one open.
            uniqExactIf(email, utm_campaign, JSONExtractString(props, 'message'), name = 'email_open')
                as email_opens,
            uniqExactIf(email, utm_campaign, JSONExtractString(props, 'message'), name = 'email_click')
                as email_clicks
        from {{ ref('int_email_link_events') }}
        where name in ('email_open', 'email_click')
        group by day
    ),
    sent as (
        select day, sum(impressions) as emails_sent
        from {{ ref('stg_leadhouse__campaign_costs') }}
        where channel = 'email'
        group by day
    ),
    days as (
        select day from web
        union distinct select day from new_leads
        union distinct select day from stages
        union distinct select day from emails
        union distinct select day from sent
    )
select
    days.day as day,
    web.visitors as visitors,
    web.pageviews as pageviews,
    new_leads.new_leads as new_leads,
    new_leads.new_web_leads as new_web_leads,
    round(if(web.visitors = 0, null, new_leads.new_web_leads / web.visitors), 4) as visitor_to_lead_rate,
    stages.mqls as mqls,
    stages.sqls as sqls,
    stages.reopened as reopened,
    stages.reactivated as reactivated,
    sent.emails_sent as emails_sent,
    emails.email_opens as email_opens,
    emails.email_clicks as email_clicks,
    round(if(sent.emails_sent = 0, null, emails.email_opens / sent.emails_sent), 4) as email_open_rate,
    round(if(sent.emails_sent = 0, null, emails.email_clicks / sent.emails_sent), 4) as email_click_rate,
    round(if(emails.email_opens = 0, null, emails.email_clicks / emails.email_opens), 4) as email_click_to_open_rate
from days
left join web on web.day = days.day
left join new_leads on new_leads.day = days.day
left join stages on stages.day = days.day
left join emails on emails.day = days.day
left join sent on sent.day = days.day
-- The quiet days between: rows of zeros (and NULL rates), without reading the sources again.
order by day with fill
