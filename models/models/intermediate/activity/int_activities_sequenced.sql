{{
    config(
        unique_key='event_id',
        order_by='(person_key, ts, event_id)'
    )
}}

-- Every page view, event and identification of every visitor and lead, in order, with the
-- sales log's entries interleaved (source = web or sales). A lead's history includes what they
-- did before they were identified, on every device they identified on. The activity_log mart
-- is a copy; the lead models read this.
-- Incremental: a build redoes the histories of the people with rows the warehouse stored since
-- the last one (new events, sales-log records or email links, each source since its own newest
-- inserted_at here), whole, so it equals a full rebuild: rows with old timestamps (a backfill,
-- an import, a late spool) included.
with
    {% if is_incremental() -%}
    {{ people_with_new_activity() }},
    {% endif -%}
    web as (
        select
            events.event_id as event_id,
            '' as record_id,
            -- A device belongs to the lead it first identified as, all its events with it.
            identity.lead_email as email,
            events.anonymous_id as anonymous_id,
            events.site_id as site_id,
            events.ts as ts,
            'web' as source,
            events.type as type,
            events.name as name,
            events.path as path,
            events.url as url,
            events.title as title,
            events.referrer as referrer,
            events.session_key as session_key,
            events.is_pricing as is_pricing,
            '' as stage,
            '' as decision,
            '' as outcome,
            toDecimal64(0, 2) as amount,
            '' as currency,
            '' as owner,
            events.received_at as received_at,
            events.inserted_at as inserted_at
        from {{ ref('int_sessionized_events') }} as events
        left join {{ ref('int_identity') }} as identity using (anonymous_id)
        {% if is_incremental() -%}
        where events.anonymous_id in (select arrayJoin(rebuilt_visitor_ids))
        {%- endif %}
    ),
    -- Email opens and clicks come from the email tool's links: no browser, no anonymous id.
    email_events as (
        select
            event_id,
            '' as record_id,
            email,
            '' as anonymous_id,
            site_id,
            ts,
            'web' as source,
            type,
            name,
            path,
            url,
            title,
            referrer,
            '' as session_key,
            is_pricing,
            '' as stage,
            '' as decision,
            '' as outcome,
            toDecimal64(0, 2) as amount,
            '' as currency,
            '' as owner,
            received_at,
            inserted_at
        from {{ ref('int_email_link_events') }}
        {% if is_incremental() -%}
        where email in (select arrayJoin(changed_lead_emails))
        {%- endif %}
    ),
    sales as (
        select
            -- A UUID of its own, made from the record id: the same at every build.
            reinterpretAsUUID(MD5(concat('crm:', record_id))) as event_id,
            record_id,
            email,
            '' as anonymous_id,
            '' as site_id,
            occurred_at as ts,
            'sales' as source,
            type,
            '' as name,
            '' as path,
            '' as url,
            '' as title,
            '' as referrer,
            '' as session_key,
            false as is_pricing,
            stage,
            decision,
            outcome,
            toDecimal64(amount, 2) as amount,
            currency,
            owner,
            received_at,
            inserted_at
        from {{ ref('stg_leadhouse__crm_events') }}
        -- A contact record carries the person's attributes, not an interaction.
        where type != 'contact' and email != ''
        {%- if is_incremental() %}
            and email in (select arrayJoin(changed_lead_emails))
        {%- endif %}
    ),
    combined as (
        select * from web
        union all
        select * from email_events
        union all
        select * from sales
    ),
    sessions as (
        select session_key, channel from {{ ref('int_touchpoints_classified') }}
        {% if is_incremental() -%}
        where anonymous_id in (select arrayJoin(rebuilt_visitor_ids))
        {%- endif %}
    )
select
    combined.event_id as event_id,
    combined.record_id as record_id,
    if(combined.email != '', concat('lead:', combined.email), concat('visitor:', combined.anonymous_id))
        as person_key,
    combined.email as email,
    combined.anonymous_id as anonymous_id,
    combined.site_id as site_id,
    combined.ts as ts,
    combined.received_at as received_at,
    combined.inserted_at as inserted_at,
    combined.source as source,
    combined.type as type,
    combined.name as name,
    combined.path as path,
    combined.url as url,
    combined.title as title,
    combined.referrer as referrer,
    -- Web entries outside a session are the email links' opens and clicks.
    multiIf(combined.source = 'sales', 'sales', combined.session_key = '', 'email', sessions.channel)
        as channel,
    combined.session_key as session_key,
    combined.is_pricing as is_pricing,
    combined.stage as stage,
    combined.decision as decision,
    combined.outcome as outcome,
    combined.amount as amount,
    combined.currency as currency,
    combined.owner as owner,
    row_number() over person as seq,
    -- The navigation path: the page viewed before this one, across the person's devices.
    ifNull(
        anyLast(if(combined.type = 'pageview', combined.path, null)) over (
            partition by if(combined.email != '', combined.email, combined.anonymous_id)
            order by combined.ts, combined.event_id
            rows between unbounded preceding and 1 preceding
        ),
        ''
    ) as previous_path,
    {{ channel_lists_fingerprint() }} as channel_lists_fingerprint
from combined
left join sessions on combined.session_key = sessions.session_key
window person as (
    partition by if(combined.email != '', combined.email, combined.anonymous_id)
    order by combined.ts, combined.event_id
    rows between unbounded preceding and current row
)
