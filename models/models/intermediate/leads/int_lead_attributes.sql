{{
    config(
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='(email, attribute)'
    )
}}

-- What is known about each lead, one row per attribute: the latest value the CRM or a form
-- gave, and when that value was first known (its points date from then). The CRM wins over
-- form traits when both say something. Incremental: a build redoes the leads whose inputs
-- changed (int_lead_fingerprints).
with
    {{ lead_emails_to_build() }},
    from_crm as (
        select email, occurred_at as ts, 2 as priority, attribute, value
        from {{ ref('stg_leadhouse__crm_events') }}
        array join
            ['name', 'company', 'company_size', 'industry', 'country', 'job_title', 'seniority', 'budget', 'authority', 'need', 'timeline'] as attribute,
            [name, company, toString(ifNull(company_size, 0)), industry, country, job_title, seniority, budget, authority, need, timeline] as value
        where email != '' and value != '' and not (attribute = 'company_size' and value = '0')
            and {{ lead_filter('email') }}
    ),
    identifications as (
        select email, ts, props from {{ ref('int_sessionized_events') }}
        where type = 'identify' and email != '' and {{ lead_filter('email') }}
    ),
    from_forms as (
        select email, ts, 1 as priority, attribute, JSONExtractString(props, attribute) as value
        from identifications
        array join ['name', 'company', 'job_title'] as attribute
        where value != ''
    ),
    -- The email's domain: competitors and private addresses score by it.
    from_email as (
        select email, min(ts) as ts, 0 as priority, 'email_domain' as attribute,
            splitByChar('@', email)[2] as value
        from (
            select email, ts from identifications
            union all
            select email, occurred_at as ts from {{ ref('stg_leadhouse__crm_events') }}
            where email != '' and {{ lead_filter('email') }}
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
    -- Each value once: when it was last given (by priority, then time) and first known.
    by_value as (
        select email, attribute, value, max((priority, ts)) as latest, min(ts) as known_at
        from all_values
        group by email, attribute, value
    ),
    current as (
        select
            email,
            attribute,
            argMax(value, latest) as value,
            argMax(known_at, latest) as known_at
        from by_value
        group by email, attribute
    )
select
    current.email as email,
    current.attribute as attribute,
    current.value as value,
    current.known_at as known_at,
    fingerprints.fingerprint as inputs_fingerprint
from current
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = current.email
