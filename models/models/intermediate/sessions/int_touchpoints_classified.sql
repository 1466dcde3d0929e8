{{
    config(
        unique_key='anonymous_id',
        order_by='(anonymous_id, ts)'
    )
}}

-- One touchpoint per session: where the visit came from, as source, medium, campaign and a
-- channel following the logic of GA4's default channel grouping, and a session an email click
-- opened counted as the email's (below). The search engines and social networks are seeds users
-- can edit. The one place a session's channel is decided: the touchpoints mart is a copy, and
-- the activity log, the lead models, the funnel, attribution and channel_kpis read this.
-- Incremental: a build redoes the visitors with events stored since the last one, the leads
-- with email clicks stored since then, and every device of their leads (touches are numbered
-- across a lead's devices), so it equals a full rebuild.
with
    {% if is_incremental() -%}
    {{ people_with_new_sessions() }},
    {% endif -%}
    (select groupArray((domain, engine)) from {{ ref('channel_search_engines') }}) as search_engines,
    (select groupArray((domain, network)) from {{ ref('channel_social_networks') }}) as social_networks,
    session_starts as (
        select
            *,
            lower(utm_source) as utm_source_lower,
            lower(utm_medium) as utm_medium_lower,
            {{ site_name('referrer_domain', 'search_engines') }} as referrer_engine,
            {{ site_name('referrer_domain', 'social_networks') }} as referrer_network
        from {{ ref('int_sessionized_events') }}
        where starts_session
        {%- if is_incremental() %}
            and anonymous_id in (select arrayJoin(rebuilt_visitor_ids))
        {%- endif %}
    ),
    classified as (
        select
            *,
            {{ site_name('utm_source_lower', 'search_engines') }} != '' or referrer_engine != '' as is_search_source,
            {{ site_name('utm_source_lower', 'social_networks') }} != '' or referrer_network != '' as is_social_source,
            match(utm_medium_lower, '^(.*cp.*|ppc|retargeting|paid.*)$') as is_paid_medium,
            utm_source != '' or utm_medium != '' or utm_campaign != '' as has_utm
        from session_starts
    ),
    touches as (
        select
            event_id as touchpoint_id,
            session_key,
            site_id,
            anonymous_id,
            identity.lead_email as email,
            ts,
            received_at,
            inserted_at,
            path as landing_path,
            referrer,
            multiIf(
                utm_source != '', utm_source,
                click_id_type in ('gclid', 'gbraid', 'wbraid'), 'google',
                click_id_type = 'msclkid', 'bing',
                click_id_type = 'fbclid', 'facebook',
                click_id_type = 'li_fat_id', 'linkedin',
                click_id_type = 'ttclid', 'tiktok',
                referrer_engine != '', referrer_engine,
                referrer_network != '', referrer_network,
                referrer_domain != '', referrer_domain,
                '(direct)'
            ) as source,
            multiIf(
                utm_medium != '', utm_medium,
                click_id_type in ('gclid', 'gbraid', 'wbraid', 'msclkid', 'li_fat_id', 'ttclid'), 'cpc',
                click_id_type = 'fbclid' or referrer_network != '', 'social',
                referrer_engine != '', 'organic',
                referrer_domain != '', 'referral',
                '(none)'
            ) as medium,
            utm_campaign as campaign,
            click_id_type,
            multiIf(
                click_id_type in ('gclid', 'gbraid', 'wbraid', 'msclkid'), 'paid_search',
                click_id_type in ('li_fat_id', 'ttclid'), 'paid_social',
                utm_medium_lower in ('display', 'banner', 'expandable', 'interstitial', 'cpm'), 'display',
                is_paid_medium and is_search_source, 'paid_search',
                is_paid_medium and is_social_source, 'paid_social',
                is_paid_medium, 'other',
                match(utm_medium_lower, '^e[-_ ]?mail$') or match(utm_source_lower, '^e[-_ ]?mail|newsletter'), 'email',
                utm_medium_lower = 'affiliate', 'affiliate',
                is_search_source or utm_medium_lower = 'organic', 'organic_search',
                is_social_source or click_id_type = 'fbclid'
                    or utm_medium_lower in ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media'),
                    'organic_social',
                utm_medium_lower in ('referral', 'app', 'link') or (not has_utm and referrer_domain != ''), 'referral',
                not has_utm and referrer_domain = '', 'direct',
                'other'
            ) as channel,
            row_number() over (
                partition by if(identity.lead_email != '', identity.lead_email, anonymous_id)
                order by ts, event_id
            ) as touch_number,
            {{ channel_lists_fingerprint() }} as channel_lists_fingerprint
        from classified
        -- Without a match, ClickHouse's left join leaves lead_email empty: a visitor not (yet) a lead.
        left join {{ ref('int_identity') }} as identity using (anonymous_id)
    ),
    -- A direct session of a lead that began at most 10 minutes after one of their email clicks
    -- (a minute before it, for clock skew) is the click's: mail clients send no referrer, so a
    -- link without UTM parameters lands as a direct visit. The email links recorded the click
    -- with the mailing's campaign; the latest such click names it. A link with UTM parameters is
    -- channel email by the rules above already; an open, or a click that opened no session, is
    -- no touchpoint. Each lead's clicks as one sorted array, joined once by email: the sessions
    -- are read once, not once more for a join with the clicks.
    clicks_by_lead as (
        select email, arraySort(groupArray((ts, utm_source, utm_campaign))) as clicks
        from {{ ref('int_email_link_events') }}
        where name = 'email_click' and email != ''
        {%- if is_incremental() %}
            -- The leads redone: every session read below is one of theirs.
            and email in (select arrayJoin(changed_lead_emails))
        {%- endif %}
        group by email
    ),
    matched as (
        select
            touches.*,
            arrayFilter(
                click -> click.1 between touches.ts - interval 10 minute and touches.ts + interval 1 minute,
                lead_clicks.clicks
            ) as session_clicks,
            -- Without clicks, the left join's default: an empty array.
            touches.channel = 'direct' and notEmpty(session_clicks) as clicked,
            session_clicks[-1] as click
        from touches
        left join clicks_by_lead as lead_clicks on lead_clicks.email = touches.email
    )
select
    touchpoint_id,
    session_key,
    site_id,
    anonymous_id,
    email,
    ts,
    received_at,
    inserted_at,
    landing_path,
    referrer,
    if(clicked, if(click.2 != '', click.2, 'email'), matched.source) as source,
    if(clicked, 'email', matched.medium) as medium,
    if(clicked, click.3, matched.campaign) as campaign,
    click_id_type,
    if(clicked, 'email', matched.channel) as channel,
    touch_number,
    channel_lists_fingerprint
from matched
