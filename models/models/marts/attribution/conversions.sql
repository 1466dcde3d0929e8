{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_stale_attribution_rows() }}",
        order_by='(email, converted_at, conversion_id)'
    )
}}

-- One row per conversion: a lead entering a lifecycle stage lead, mql, sql or opportunity (at
-- its entry time in lifecycle_stages; a recycled lead entering MQL again converts again), and
-- one customer conversion per won deal, carrying the deal's amount in the reporting currency
-- (var reporting_currency, the exchange_rates seed). A customer stage without any won deal (a
-- CRM stage change) is a customer conversion without revenue. With the lead's milestones the
-- attribution models need: when they became a lead and an opportunity, if by then.
-- A mart, not an intermediate model: it reads the lifecycle_stages mart. Incremental: a build
-- redoes the leads whose inputs changed (macros/attribution.sql).
with
    {{ attribution_leads_to_build() }},
    won_deals as (
        select
            email,
            record_id,
            occurred_at,
            toFloat64(amount) as amount,
            upper(currency) as currency,
            toStartOfMonth(occurred_at) as month
        from {{ ref('stg_leadhouse__crm_events') }}
        where type = 'deal' and outcome = 'won' and email != '' and {{ lead_filter('email') }}
    ),
    rates as (
        select toDate(month) as month, upper(currency) as currency, toFloat64(rate) as rate, true as found
        from {{ ref('exchange_rates') }}
        where upper(reporting_currency) = upper('{{ var("reporting_currency", "EUR") }}')
    ),
    stage_entries as (
        select email, stage, entered_at
        from {{ ref('lifecycle_stages') }}
        where stage in ('lead', 'mql', 'sql', 'opportunity', 'customer') and {{ lead_filter('email') }}
    ),
    -- The milestones w_shaped and full_path credit: the first entry of lead or a later stage,
    -- and of opportunity or later (a won deal without an opportunity record opened one).
    milestones as (
        select
            email,
            min(toNullable(entered_at)) as lead_created_at,
            minIf(toNullable(entered_at), stage in ('opportunity', 'customer')) as opportunity_created_at
        from stage_entries
        group by email
    ),
    deal_conversions as (
        select
            deals.email as email,
            'customer' as conversion,
            deals.occurred_at as converted_at,
            deals.record_id as deal_record_id,
            deals.amount as amount,
            deals.currency as currency,
            multiIf(
                deals.currency in ('', upper('{{ var("reporting_currency", "EUR") }}')), toNullable(1.0),
                rates.found, toNullable(rates.rate),
                null
            ) as exchange_rate
        from won_deals as deals
        left join rates on rates.month = deals.month and rates.currency = deals.currency
    ),
    all_conversions as (
        select email, stage as conversion, entered_at as converted_at, '' as deal_record_id,
            toNullable(0.0) as amount, '' as currency, toNullable(1.0) as exchange_rate
        from stage_entries
        -- The customer stage is the first won deal: those convert below, one per deal.
        where stage != 'customer' or email not in (select email from won_deals)
        union all
        select email, conversion, converted_at, deal_record_id, toNullable(amount), currency, exchange_rate
        from deal_conversions
    )
select
    lower(hex(cityHash64(
        all_conversions.email, all_conversions.conversion, all_conversions.converted_at, all_conversions.deal_record_id
    ))) as conversion_id,
    all_conversions.email as email,
    all_conversions.conversion as conversion,
    all_conversions.converted_at as converted_at,
    row_number() over (
        partition by all_conversions.email, all_conversions.conversion
        order by all_conversions.converted_at, all_conversions.deal_record_id
    ) as conversion_number,
    all_conversions.deal_record_id as deal_record_id,
    if(all_conversions.conversion = 'customer', all_conversions.amount, null) as amount,
    all_conversions.currency as currency,
    -- NULL when the deal's currency has no rate for its month: kept out of revenue sums.
    -- In cents, as amounts are: 1000 × 0.92 is 920, not 920.0000000000001.
    if(all_conversions.conversion = 'customer', round(all_conversions.amount * all_conversions.exchange_rate, 2), 0)
        as revenue,
    multiIf(
        all_conversions.conversion != 'customer' or all_conversions.deal_record_id = '', 'none',
        all_conversions.exchange_rate is null, 'no_rate',
        'converted'
    ) as revenue_status,
    if(milestones.lead_created_at <= all_conversions.converted_at, milestones.lead_created_at, null)
        as lead_created_at,
    if(milestones.opportunity_created_at <= all_conversions.converted_at, milestones.opportunity_created_at, null)
        as opportunity_created_at,
    fingerprints.fingerprint + {{ attribution_settings_fingerprint() }} as inputs_fingerprint
from all_conversions
left join milestones on milestones.email = all_conversions.email
left join (
    select email, fingerprint from {{ ref('int_lead_fingerprints') }} where {{ lead_filter('email') }}
) as fingerprints on fingerprints.email = all_conversions.email
