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
    -- Each source's rows once, side by side, then one row per key: a CTE read twice is computed
    -- twice, and credits, over the whole attribution mart, is most of the model's work.
    sources as (
        select
            month, site_id, channel, source, medium, campaign, 'spend' as kind, '' as source_model,
            spend as source_spend, impressions as source_impressions, clicks as source_clicks,
            cost_rows_without_rate as source_cost_rows_without_rate,
            toUInt64(0) as source_sessions, toUInt64(0) as source_visitors,
            cast((0., 0., 0., 0., 0., 0., 0., 0.), 'Tuple(Float64, Float64, Float64, Float64, Float64, Float64, Float64, Float64)')
                as source_credits
        from site_spend
        union all
        select
            month, site_id, channel, source, medium, campaign, 'sessions', '', 0., 0., 0., toUInt64(0),
            sessions, visitors,
            cast((0., 0., 0., 0., 0., 0., 0., 0.), 'Tuple(Float64, Float64, Float64, Float64, Float64, Float64, Float64, Float64)')
        from sessions
        union all
        select
            month, site_id, channel, source, medium, campaign, 'credits', model, 0., 0., 0., toUInt64(0),
            toUInt64(0), toUInt64(0),
            (leads, mqls, sqls, opportunities, customers, revenue, gross_margin, new_customer_gross_margin)
        from credits
    ),
    -- Without a row of a source, its figures are 0 (any() of no row: the type's default).
    keyed as (
        select
            month, site_id, channel, source, medium, campaign,
            anyIf(source_spend, kind = 'spend') as spend,
            anyIf(source_impressions, kind = 'spend') as impressions,
            anyIf(source_clicks, kind = 'spend') as clicks,
            anyIf(source_cost_rows_without_rate, kind = 'spend') as cost_rows_without_rate,
            anyIf(source_sessions, kind = 'sessions') as sessions,
            anyIf(source_visitors, kind = 'sessions') as visitors,
            groupArrayIf((source_model, source_credits), kind = 'credits') as model_credits
        from sources
        group by month, site_id, channel, source, medium, campaign
    ),
    joined as (
        select
            month, site_id, arrayJoin(models) as model, channel, source, medium, campaign,
            spend, impressions, clicks, cost_rows_without_rate, sessions, visitors,
            -- The model's credits; a model that credited nothing here: the default, all 0.
            arrayFirst(model_credit -> model_credit.1 = model, model_credits).2 as model_figures,
            model_figures.1 as leads,
            model_figures.2 as mqls,
            model_figures.3 as sqls,
            model_figures.4 as opportunities,
            model_figures.5 as customers,
            model_figures.6 as revenue,
            model_figures.7 as gross_margin,
            model_figures.8 as new_customer_gross_margin
        from keyed
    )
select
    * except model_figures,
    -- NULL, not 0 or infinity, when the denominator is 0.
    if(leads = 0, null, spend / leads) as cpl,
    if(mqls = 0, null, spend / mqls) as cost_per_mql,
    if(sqls = 0, null, spend / sqls) as cost_per_sql,
    if(customers = 0, null, spend / customers) as cpa,
    if(spend = 0, null, revenue / spend) as roas,
    if(spend = 0, null, (new_customer_gross_margin - spend) / spend) as roi
from joined
