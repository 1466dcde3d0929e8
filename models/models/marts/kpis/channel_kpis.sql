{{ config(order_by='(month, site_id, model, channel, source, medium, campaign)') }}

{%- set reporting_currency = var('reporting_currency', 'EUR') %}
{%- set month_of = var('channel_kpis_month', 'conversion') %}
{#- The attribution mart's default list (models/marts/attribution/attribution.sql): spend and
    sessions get a row under each model, also where no conversion was credited. #}
{%- set models = var('attribution_models', [
    'first_touch', 'last_touch', 'last_non_direct', 'linear', 'time_decay',
    'position_based', 'w_shaped', 'full_path'
]) %}

-- Spend, traffic and attributed conversions per month, site, attribution model, channel,
-- source, medium and campaign, with the cost ratios. Spend is campaign_costs in the reporting
-- currency, matched to the touches by channel, source, medium and campaign; the month is the
-- spend's, the sessions', and the conversion's (var channel_kpis_month = 'touch': the credited
-- touch's). Formulas, vars and a worked example: docs/models.md (Channel KPIs). A table rebuilt
-- at every build: it is small, and late costs or exchange rates are always in.
with
    (
        select arrayDistinct(arrayConcat(
            [{% for model in models %}'{{ model }}'{% if not loop.last %}, {% endif %}{% endfor %}],
            groupUniqArray(model)
        ))
        from {{ ref('attribution') }}
    ) as models,
    rates as (
        select toDate(month) as month, upper(currency) as currency, toFloat64(rate) as rate, true as found
        from {{ ref('exchange_rates') }}
        where upper(reporting_currency) = upper('{{ reporting_currency }}')
    ),
    cost_rows as (
        select
            toStartOfMonth(costs.day) as month,
            costs.channel as channel,
            costs.source as source,
            costs.medium as medium,
            costs.campaign as campaign,
            costs.impressions as impressions,
            costs.clicks as clicks,
            -- NULL when the currency has no rate for the month: kept out of every sum, counted.
            -- In cents, as costs are.
            multiIf(
                upper(costs.currency) in ('', upper('{{ reporting_currency }}')), toNullable(toFloat64(costs.cost)),
                rates.found, toNullable(round(toFloat64(costs.cost) * rates.rate, 2)),
                null
            ) as converted_cost
        from {{ ref('stg_leadhouse__campaign_costs') }} as costs
        left join rates on rates.month = toStartOfMonth(costs.day) and rates.currency = upper(costs.currency)
    ),
    campaign_spend as (
        select
            month, channel, source, medium, campaign,
            ifNull(sumIf(converted_cost, converted_cost is not null), 0) as spend,
            sumIf(impressions, converted_cost is not null) as impressions,
            sumIf(clicks, converted_cost is not null) as clicks,
            countIf(converted_cost is null) as cost_rows_without_rate
        from cost_rows
        group by month, channel, source, medium, campaign
    ),
    sessions as (
        select
            toStartOfMonth(ts) as month,
            site_id, channel, source, medium, campaign,
            count() as sessions,
            -- A person: the lead on all their devices once identified, else the device.
            uniqExact(if(email != '', email, anonymous_id)) as visitors
        from {{ ref('int_touchpoints_classified') }}
        group by month, site_id, channel, source, medium, campaign
    ),
    -- Campaign costs carry no site: a month's spend on a campaign goes to the sites whose
    -- sessions it brought, in proportion to their sessions; spend that brought no session that
    -- month stays on site_id '' (unmatched spend: a row with spend and nothing attributed).
    site_shares as (
        select
            month, site_id, channel, source, medium, campaign,
            sessions / sum(sessions) over (partition by month, channel, source, medium, campaign) as share
        from sessions
    ),
    site_spend as (
        select
            campaign_spend.month as month,
            -- Unmatched: the join's defaults, site '' and share 0, taken as the whole on site ''.
            shares.site_id as site_id,
            campaign_spend.channel as channel,
            campaign_spend.source as source,
            campaign_spend.medium as medium,
            campaign_spend.campaign as campaign,
            if(shares.share > 0, shares.share, 1) as site_share,
            campaign_spend.spend * site_share as spend,
            campaign_spend.impressions * site_share as impressions,
            campaign_spend.clicks * site_share as clicks,
            campaign_spend.cost_rows_without_rate as cost_rows_without_rate
        from campaign_spend
        left join site_shares as shares
            on shares.month = campaign_spend.month and shares.channel = campaign_spend.channel
            and shares.source = campaign_spend.source and shares.medium = campaign_spend.medium
            and shares.campaign = campaign_spend.campaign
    ),
    -- Each conversion's number (the first won deal makes a new customer) and gross margin in
    -- the reporting currency: the deal's margin where the CRM gives one, at the rate its revenue
    -- was converted at; else the revenue × var gross_margin_rate. NULL where revenue is.
    conversion_values as (
        select
            conversions.conversion_id as conversion_id,
            conversions.conversion_number as conversion_number,
            multiIf(
                conversions.conversion != 'customer', toNullable(0.0),
                deals.margin is not null and conversions.amount != 0,
                    round(toFloat64(deals.margin) * conversions.revenue / toFloat64(conversions.amount), 2),
                conversions.revenue * {{ var('gross_margin_rate', 1.0) }}
            ) as gross_margin
        from {{ ref('conversions') }} as conversions
        left join (
            select record_id, margin from {{ ref('stg_leadhouse__crm_events') }} where type = 'deal'
        ) as deals on deals.record_id = conversions.deal_record_id
    ),
    credits as (
        select
            {% if month_of == 'conversion' -%}
            toStartOfMonth(attribution.converted_at)
            {%- elif month_of == 'touch' -%}
            -- A (none) row has no touch: its conversion's month.
            toStartOfMonth(ifNull(attribution.touched_at, attribution.converted_at))
            {%- else -%}
            toDate(throwIf(true, 'channel_kpis_month must be conversion or touch, not {{ month_of }}'))
            {%- endif %} as month,
            attribution.site_id as site_id,
            attribution.model as model,
            attribution.channel as channel,
            attribution.source as source,
            attribution.medium as medium,
            attribution.campaign as campaign,
            -- Credits and money are summed as Decimal, whose addition is exact: a Float64 sum
            -- depends on the order the threads add in, and a rebuild must give the same bits.
            toFloat64(sumIf(toDecimal128(attribution.credit, 12), attribution.conversion = 'lead')) as leads,
            toFloat64(sumIf(toDecimal128(attribution.credit, 12), attribution.conversion = 'mql')) as mqls,
            toFloat64(sumIf(toDecimal128(attribution.credit, 12), attribution.conversion = 'sql')) as sqls,
            toFloat64(sumIf(toDecimal128(attribution.credit, 12), attribution.conversion = 'opportunity'))
                as opportunities,
            toFloat64(sumIf(
                toDecimal128(attribution.credit, 12),
                attribution.conversion = 'customer' and conversion_values.conversion_number = 1
            )) as customers,
            ifNull(toFloat64(sum(toDecimal128(attribution.revenue, 9))), 0) as revenue,
            ifNull(toFloat64(sum(toDecimal128(attribution.credit * conversion_values.gross_margin, 9))), 0)
                as gross_margin,
            ifNull(
                toFloat64(sumIf(
                    toDecimal128(attribution.credit * conversion_values.gross_margin, 9),
                    attribution.conversion = 'customer' and conversion_values.conversion_number = 1
                )),
                0
            ) as new_customer_gross_margin
        from {{ ref('attribution') }} as attribution
        left join conversion_values on conversion_values.conversion_id = attribution.conversion_id
        group by month, site_id, model, channel, source, medium, campaign
    ),
    keys as (
        select month, site_id, channel, source, medium, campaign from site_spend
        union distinct
        select month, site_id, channel, source, medium, campaign from sessions
        union distinct
        select month, site_id, channel, source, medium, campaign from credits
    ),
    grid as (
        select *, arrayJoin(models) as model from keys
    ),
    joined as (
        -- LEFT JOINs without join_use_nulls: a side without the key gives 0s.
        select
            grid.month as month,
            grid.site_id as site_id,
            grid.model as model,
            grid.channel as channel,
            grid.source as source,
            grid.medium as medium,
            grid.campaign as campaign,
            site_spend.spend as spend,
            site_spend.impressions as impressions,
            site_spend.clicks as clicks,
            site_spend.cost_rows_without_rate as cost_rows_without_rate,
            sessions.sessions as sessions,
            sessions.visitors as visitors,
            credits.leads as leads,
            credits.mqls as mqls,
            credits.sqls as sqls,
            credits.opportunities as opportunities,
            credits.customers as customers,
            credits.revenue as revenue,
            credits.gross_margin as gross_margin,
            credits.new_customer_gross_margin as new_customer_gross_margin
        from grid
        left join site_spend
            on site_spend.month = grid.month and site_spend.site_id = grid.site_id
            and site_spend.channel = grid.channel and site_spend.source = grid.source
            and site_spend.medium = grid.medium and site_spend.campaign = grid.campaign
        left join sessions
            on sessions.month = grid.month and sessions.site_id = grid.site_id
            and sessions.channel = grid.channel and sessions.source = grid.source
            and sessions.medium = grid.medium and sessions.campaign = grid.campaign
        left join credits
            on credits.month = grid.month and credits.site_id = grid.site_id and credits.model = grid.model
            and credits.channel = grid.channel and credits.source = grid.source
            and credits.medium = grid.medium and credits.campaign = grid.campaign
    )
select
    *,
    -- NULL, not 0 or infinity, when the denominator is 0.
    if(leads = 0, null, spend / leads) as cpl,
    if(mqls = 0, null, spend / mqls) as cost_per_mql,
    if(sqls = 0, null, spend / sqls) as cost_per_sql,
    if(customers = 0, null, spend / customers) as cpa,
    if(spend = 0, null, revenue / spend) as roas,
    if(spend = 0, null, (new_customer_gross_margin - spend) / spend) as roi
from joined
