/**
 * `GET /api/v1/overview`: the KPI tiles for a period and the period before it. Visitors come
 * from touchpoints, by their days (touchpoint_days); conversions from the attribution credits
 * under the chosen model, by their days (attribution_daily; credits sum to 1 per conversion, so
 * without a filter they are whole conversions, read from the smaller conversions mart); money from channel_kpis, pro rata of the months' days. Each source is read
 * once for both periods. Formulas: docs/http-api.md (Overview).
 */
import type { OverviewKpis, OverviewResponse } from '@leadhouse/dashboards/api-types'
import { addDays, type MODELS, type Period, previousPeriod } from './filters.js'
import { credits, type Marts, money, ratio } from './marts.js'
import { andEquals, MONTH_SHARE, MONTHS_IN_PERIOD } from './sql.js'

export interface OverviewQuery {
  period: Period
  site?: string | undefined
  channel?: string | undefined
  model: (typeof MODELS)[number]
}

/** Per bucket (for the overview, the current period or not). */
export interface ConversionCounts<B> {
  bucket: B
  leads: number
  mqls: number
  sqls: number
  customers: number
}

interface Money {
  current: boolean
  spend: number
  revenue: number
  margin: number
}

/**
 * Conversions counted per bucket (`bucket` makes it of a day column): from conversions when
 * nothing filters them (every model gives each conversion a credit of 1 in all), else the
 * model's credits of the channel's and site's touches, summed per day in attribution_daily.
 */
export function conversionCountsSql(
  marts: Marts,
  filtered: boolean,
  filters: string,
  bucket: (day: string) => string,
): string {
  const { table } = marts
  if (!filtered)
    return `SELECT ${bucket('toDate(converted_at)')} AS bucket,
         countIf(conversion = 'lead') AS leads,
         countIf(conversion = 'mql') AS mqls,
         countIf(conversion = 'sql') AS sqls,
         -- New customers: a lead's first won deal; later deals add revenue, not customers.
         countIf(conversion = 'customer' AND conversion_number = 1) AS customers
       FROM ${table.conversions}
       WHERE converted_at >= {from: Date} AND converted_at < {end: Date}
       GROUP BY bucket`
  // The credits are decimals there (exact sums); the views want numbers.
  return `SELECT ${bucket('day')} AS bucket,
       toFloat64(sumIf(credit, conversion = 'lead')) AS leads,
       toFloat64(sumIf(credit, conversion = 'mql')) AS mqls,
       toFloat64(sumIf(credit, conversion = 'sql')) AS sqls,
       toFloat64(sumIf(credit, conversion = 'customer' AND first_of_kind)) AS customers
     FROM ${table.attribution_daily}
     WHERE model = {model: String} AND day >= {from: Date} AND day < {end: Date}${filters}
     GROUP BY bucket`
}

export async function queryOverview(
  marts: Marts,
  query: OverviewQuery,
  currency: string,
): Promise<OverviewResponse> {
  const { table } = marts
  const previous = previousPeriod(query.period)
  // One window from the previous period's first day to the current one's last; `mid` splits it.
  const params = {
    from: previous.from,
    to: query.period.to,
    end: addDays(query.period.to, 1),
    mid: query.period.from,
    model: query.model,
    site: query.site,
    channel: query.channel,
  }
  const filters =
    andEquals('site_id', 'site', query.site) + andEquals('channel', 'channel', query.channel)
  const filtered = query.site !== undefined || query.channel !== undefined
  const [visitors, counts, spent] = await Promise.all([
    // A person: the lead on all their devices once identified, else the device (as channel_kpis),
    // as a 64-bit hash of the key (touchpoint_days.person): two people share one with odds of
    // about 1 in 10^7 at a million visitors. The rows are a device's day, ordered by day.
    marts.rows<{ current: number; previous: number }>(
      `SELECT uniqExactIf(person, day >= {mid: Date}) AS current,
         uniqExactIf(person, day < {mid: Date}) AS previous
       FROM ${table.touchpoint_days}
       WHERE day >= {from: Date} AND day < {end: Date}${filters}`,
      params,
    ),
    marts.rows<ConversionCounts<number>>(
      conversionCountsSql(marts, filtered, filters, (day) => `${day} >= {mid: Date}`),
      params,
    ),
    // Each period's share of a month; the months of both periods read once.
    marts.rows<Money>(
      `SELECT current, sum(spend * share) AS spend, sum(revenue * share) AS revenue,
         sum(new_customer_gross_margin * share) AS margin
       FROM (
         SELECT spend, revenue, new_customer_gross_margin, month, arrayJoin([
           (true, ${MONTH_SHARE.replaceAll('{from: Date}', '{mid: Date}')}),
           (false, ${MONTH_SHARE.replaceAll('{to: Date}', 'addDays({mid: Date}, -1)')})
         ]) AS part, part.1 AS current, greatest(part.2, 0) AS share
         FROM ${table.channel_kpis}
         WHERE model = {model: String} AND ${MONTHS_IN_PERIOD}${filters}
       )
       GROUP BY current`,
      params,
    ),
  ])
  const kpis = (current: boolean): OverviewKpis => {
    const people = (current ? visitors[0]?.current : visitors[0]?.previous) ?? 0
    const count = counts.find((row) => Boolean(row.bucket) === current)
    const paid = spent.find((row) => Boolean(row.current) === current)
    const leads = credits(count?.leads ?? 0)
    const mqls = credits(count?.mqls ?? 0)
    const customers = credits(count?.customers ?? 0)
    const spend = money(paid?.spend ?? 0)
    return {
      visitors: people,
      newLeads: leads,
      visitorToLeadRate: ratio(leads, people),
      mqls,
      sqls: credits(count?.sqls ?? 0),
      customers,
      leadToCustomerRate: ratio(customers, leads),
      spend,
      cpl: ratio(spend, leads),
      costPerMql: ratio(spend, mqls),
      cpa: ratio(spend, customers),
      revenue: money(paid?.revenue ?? 0),
      roi: ratio((paid?.margin ?? 0) - spend, spend),
    }
  }
  return {
    currency,
    model: query.model,
    period: query.period,
    previousPeriod: previous,
    current: kpis(true),
    previous: kpis(false),
  }
}
