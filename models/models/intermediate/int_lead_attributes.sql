{{ config(materialized='table', order_by='(email, attribute)') }}

-- What is known about each lead, one row per attribute: the latest value the CRM or a form
-- gave, and when that value was first known (its points date from then). The CRM wins over
-- form traits when both say something.
with
    from_crm as (
        select email, occurred_at as ts, 2 as priority, attribute, value
        from {{ ref('stg_leadhouse__crm_events') }}
        array join
            ['name', 'company', 'company_size', 'industry', 'country', 'job_title', 'seniority', 'budget', 'authority', 'need', 'timeline'] as attribute,
            [name, company, toString(ifNull(company_size, 0)), industry, country, job_title, seniority, budget, authority, need, timeline] as value
        where email != '' and value != '' and not (attribute = 'company_size' and value = '0')
    ),
    from_forms as (
        select
            events.email as email,
            events.ts as ts,
            1 as priority,
            attribute,
            JSONExtractString(events.props, attribute) as value
        from {{ ref('int_sessionized_events') }} as events
        array join ['name', 'company', 'job_title'] as attribute
        where events.type = 'identify' and events.email != '' and value != ''
    ),
    -- The email's domain: competitors and private addresses score by it.
    from_email as (
        select email, min(ts) as ts, 0 as priority, 'email_domain' as attribute,
            splitByChar('@', email)[2] as value
        from (
            select email, ts from {{ ref('int_sessionized_events') }}
            where type = 'identify' and email != ''
            union all
            select email, occurred_at as ts from {{ ref('stg_leadhouse__crm_events') }}
            where email != ''
        )
        group by email
    ),
    all_values as (
        select * from from_crm
        union all
        select * from from_forms
        union all
        select * from from_email
    ),
    current as (
        select email, attribute, argMax(value, (priority, ts)) as value
        from all_values
        group by email, attribute
    )
select
    current.email as email,
    current.attribute as attribute,
    current.value as value,
    min(all_values.ts) as known_at
from current
inner join all_values
    on all_values.email = current.email
    and all_values.attribute = current.attribute
    and all_values.value = current.value
group by email, attribute, value
