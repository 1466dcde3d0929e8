/**
 * `GET /api/v1/overview`: the KPI tiles for a period and the period before it. Visitors come
 * from touchpoints; conversions from the attribution mart under the chosen model (credits sum to
 * 1 per conversion, so without a channel filter they are whole conversions); money from
 * channel_kpis, pro rata of the months' days. Formulas: docs/http-api.md (Overview).
 */
import type { OverviewKpis, OverviewResponse } from '@leadhouse/dashboards/api-types'
import { type MODELS, type Period, previousPeriod } from './filters.js'
import { credits, type Marts, money, ratio } from './marts.js'
import { andEquals, inPeriod, MONTH_SHARE, MONTHS_IN_PERIOD, periodParams } from './sql.js'

export interface OverviewQuery {
  period: Period
  site?: string | undefined
  channel?: string | undefined
  model: (typeof MODELS)[number]
}

interface Counts {
  leads: number
  mqls: number
  sqls: number
  customers: number
}

interface Money {
  spend: number
  revenue: number
  margin: number
}

export async function queryOverview(
  marts: Marts,
  query: OverviewQuery,
  currency: string,
): Promise<OverviewResponse> {
  const previous = previousPeriod(query.period)
  const [current, before] = await Promise.all([
    kpisOf(marts, query, query.period),
    kpisOf(marts, query, previous),
  ])
  return {
    currency,
    model: query.model,
    period: query.period,
    previousPeriod: previous,
    current,
    previous: before,
  }
}

async function kpisOf(marts: Marts, query: OverviewQuery, period: Period): Promise<OverviewKpis> {
  const { table } = marts
  const params = {
    ...periodParams(period),
    model: query.model,
    site: query.site,
    channel: query.channel,
  }
  const filters =
    andEquals('site_id', 'site', query.site) + andEquals('channel', 'channel', query.channel)
  const [visitors, counts, spent] = await Promise.all([
    // A person: the lead on all their devices once identified, else the device (as channel_kpis).
    marts.rows<{ visitors: number }>(
      `SELECT uniqExact(if(email != '', email, anonymous_id)) AS visitors
       FROM ${table.touchpoints} WHERE ${inPeriod('ts')}${filters}`,
      params,
    ),
    marts.rows<Counts>(
      `SELECT
         sumIf(credit, conversion = 'lead') AS leads,
         sumIf(credit, conversion = 'mql') AS mqls,
         sumIf(credit, conversion = 'sql') AS sqls,
         -- New customers: a lead's first won deal; later deals add revenue, not customers.
         sumIf(credit, conversion = 'customer' AND conversion_id IN (
           SELECT conversion_id FROM ${table.conversions}
           WHERE conversion = 'customer' AND conversion_number = 1 AND ${inPeriod('converted_at')}
         )) AS customers
       FROM ${table.attribution}
       WHERE model = {model: String} AND ${inPeriod('converted_at')}${filters}`,
      params,
    ),
    marts.rows<Money>(
      `SELECT
         sum(spend * share) AS spend,
         sum(revenue * share) AS revenue,
         sum(new_customer_gross_margin * share) AS margin
       FROM (
         SELECT spend, revenue, new_customer_gross_margin, ${MONTH_SHARE} AS share
         FROM ${table.channel_kpis}
         WHERE model = {model: String} AND ${MONTHS_IN_PERIOD}${filters}
       )`,
      params,
    ),
  ])
  const people = visitors[0]?.visitors ?? 0
  const leads = credits(counts[0]?.leads ?? 0)
  const mqls = credits(counts[0]?.mqls ?? 0)
  const customers = credits(counts[0]?.customers ?? 0)
  const spend = money(spent[0]?.spend ?? 0)
  const margin = spent[0]?.margin ?? 0
  return {
    visitors: people,
    newLeads: leads,
    visitorToLeadRate: ratio(leads, people),
    mqls,
    sqls: credits(counts[0]?.sqls ?? 0),
    customers,
    leadToCustomerRate: ratio(customers, leads),
    spend,
    cpl: ratio(spend, leads),
    costPerMql: ratio(spend, mqls),
    cpa: ratio(spend, customers),
    revenue: money(spent[0]?.revenue ?? 0),
    roi: ratio(margin - spend, spend),
  }
}
