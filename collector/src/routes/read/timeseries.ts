/**
 * `GET /api/v1/timeseries`: leads, MQLs and new customers per day or ISO week, counted as the
 * overview counts them (attribution credits under the model), zero-filled.
 */
import type { TimeseriesResponse } from '@leadhouse/dashboards/api-types'
import { addDays, type MODELS, type Period } from './filters.js'
import { credits, type Marts } from './marts.js'
import { type ConversionCounts, conversionCountsSql } from './overview.js'
import { andEquals, periodParams } from './sql.js'

export interface TimeseriesQuery {
  period: Period
  site?: string | undefined
  channel?: string | undefined
  model: (typeof MODELS)[number]
  interval: 'day' | 'week'
}

type Point = TimeseriesResponse['points'][number]

export async function queryTimeseries(
  marts: Marts,
  query: TimeseriesQuery,
): Promise<TimeseriesResponse> {
  const filters =
    andEquals('site_id', 'site', query.site) + andEquals('channel', 'channel', query.channel)
  const found = await marts.rows<ConversionCounts<string>>(
    conversionCountsSql(
      marts,
      query.site !== undefined || query.channel !== undefined,
      filters,
      (day) => `toString(${query.interval === 'week' ? `toMonday(${day})` : day})`,
    ),
    { ...periodParams(query.period), model: query.model, site: query.site, channel: query.channel },
  )
  const byDate = new Map(found.map((point) => [point.bucket, point]))
  const points: Point[] = []
  for (const date of buckets(query.period, query.interval)) {
    const point = byDate.get(date)
    points.push({
      date,
      leads: credits(point?.leads ?? 0),
      mqls: credits(point?.mqls ?? 0),
      customers: credits(point?.customers ?? 0),
    })
  }
  return { interval: query.interval, points }
}

/** Every day of the period, or the Monday of every ISO week it touches. */
export function buckets(period: Period, interval: 'day' | 'week'): string[] {
  const first = interval === 'week' ? monday(period.from) : period.from
  const step = interval === 'week' ? 7 : 1
  const dates: string[] = []
  for (let date = first; date <= period.to; date = addDays(date, step)) dates.push(date)
  return dates
}

function monday(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}
