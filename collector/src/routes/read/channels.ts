/**
 * `GET /api/v1/channels`: channel_kpis for the period under one attribution model, per channel
 * and per source/medium/campaign below it. The mart is monthly: each month's row counts with the
 * share of its days inside the period (whole months exactly); the ratios are taken of the sums.
 */
import type { ChannelKpiRow, ChannelsResponse } from '@leadhouse/dashboards/api-types'
import type { MODELS, Period } from './filters.js'
import { credits, type Marts, money, ratio } from './marts.js'
import { andEquals, MONTH_SHARE, MONTHS_IN_PERIOD, periodParams } from './sql.js'

export interface ChannelsQuery {
  period: Period
  site?: string | undefined
  channel?: string | undefined
  model: (typeof MODELS)[number]
}

interface Sums {
  channel: string
  source?: string
  medium?: string
  campaign?: string
  spend: number
  impressions: number
  clicks: number
  sessions: number
  leads: number
  mqls: number
  sqls: number
  customers: number
  revenue: number
  gross_margin: number
  new_customer_gross_margin: number
}

const SUMS = [
  'spend',
  'impressions',
  'clicks',
  'sessions',
  'leads',
  'mqls',
  'sqls',
  'customers',
  'revenue',
  'gross_margin',
  'new_customer_gross_margin',
]

export async function queryChannels(
  marts: Marts,
  query: ChannelsQuery,
  currency: string,
): Promise<ChannelsResponse> {
  const { table } = marts
  const params = {
    ...periodParams(query.period),
    model: query.model,
    site: query.site,
    channel: query.channel,
  }
  const shared = `FROM ${table.channel_kpis}
    WHERE model = {model: String} AND ${MONTHS_IN_PERIOD}${andEquals('site_id', 'site', query.site)}${andEquals('channel', 'channel', query.channel)}`
  const sums = SUMS.map((column) => `sum(${column} * (${MONTH_SHARE})) AS ${column}`).join(', ')
  const [totals, campaigns, unmatched] = await Promise.all([
    marts.rows<Sums>(`SELECT channel, ${sums} ${shared} GROUP BY channel`, params),
    marts.rows<Sums>(
      `SELECT channel, source, medium, campaign, ${sums} ${shared}
       GROUP BY channel, source, medium, campaign`,
      params,
    ),
    marts.rows<{ spend: number }>(
      `SELECT sum(spend * (${MONTH_SHARE})) AS spend FROM ${table.channel_kpis}
       WHERE model = {model: String} AND ${MONTHS_IN_PERIOD} AND site_id = ''`,
      params,
    ),
  ])
  const rowsOf = (found: Sums[]) => found.map(kpiRow).filter(hasAny).sort(bySpendThenLeads)
  return {
    currency,
    model: query.model,
    channels: rowsOf(totals).map((total) => ({
      ...total,
      campaigns: rowsOf(campaigns.filter((row) => row.channel === total.channel)),
    })),
    unmatchedSpend: money(unmatched[0]?.spend ?? 0),
  }
}

function kpiRow(sums: Sums): ChannelKpiRow {
  const spend = money(sums.spend)
  const leads = credits(sums.leads)
  const mqls = credits(sums.mqls)
  const customers = credits(sums.customers)
  const revenue = money(sums.revenue)
  return {
    channel: sums.channel,
    ...(sums.source === undefined
      ? {}
      : { source: sums.source, medium: sums.medium ?? '', campaign: sums.campaign ?? '' }),
    spend,
    impressions: Math.round(sums.impressions),
    clicks: Math.round(sums.clicks),
    sessions: credits(sums.sessions),
    leads,
    mqls,
    sqls: credits(sums.sqls),
    customers,
    revenue,
    grossMargin: money(sums.gross_margin),
    cpl: ratio(spend, leads),
    costPerMql: ratio(spend, mqls),
    cpa: ratio(spend, customers),
    roas: ratio(revenue, spend),
    roi: ratio(money(sums.new_customer_gross_margin) - spend, spend),
  }
}

/** A row the period gave anything to. */
function hasAny(row: ChannelKpiRow): boolean {
  return [
    row.spend,
    row.impressions,
    row.sessions,
    row.leads,
    row.mqls,
    row.customers,
    row.revenue,
  ].some((value) => value !== 0)
}

function bySpendThenLeads(a: ChannelKpiRow, b: ChannelKpiRow): number {
  return (
    b.spend - a.spend ||
    b.leads - a.leads ||
    a.channel.localeCompare(b.channel) ||
    (a.source ?? '').localeCompare(b.source ?? '') ||
    (a.campaign ?? '').localeCompare(b.campaign ?? '')
  )
}
