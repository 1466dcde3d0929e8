/**
 * `GET /api/v1/attribution/compare` and `GET /api/v1/paths`: the attribution models side by side
 * (each model's credit per channel, from the attribution credits per day, attribution_daily), and the most common conversion
 * paths (attribution_paths), for the conversions of a period.
 */
import type { AttributionCompareResponse, PathsResponse } from '@leadhouse/dashboards/api-types'
import { type CONVERSIONS, MODELS, type Period } from './filters.js'
import { credits, type Marts } from './marts.js'
import { andEquals, inPeriod, periodParams } from './sql.js'

type Conversion = (typeof CONVERSIONS)[number]

export interface CompareQuery {
  period: Period
  site?: string | undefined
  conversion: Conversion
}

export async function queryAttributionCompare(
  marts: Marts,
  query: CompareQuery,
): Promise<AttributionCompareResponse> {
  const found = await marts.rows<{ channel: string; model: string; credit: number }>(
    `SELECT channel, model, toFloat64(sum(credit)) AS credit
     FROM ${marts.table.attribution_daily}
     WHERE conversion = {conversion: String} AND ${inPeriod('day')}${andEquals('site_id', 'site', query.site)}
     GROUP BY channel, model`,
    { ...periodParams(query.period), conversion: query.conversion, site: query.site },
  )
  const present = new Set(found.map((row) => row.model))
  const models = MODELS.filter((model) => present.has(model)) as string[]
  const byChannel = new Map<string, Record<string, number>>()
  for (const row of found) {
    const channelCredits =
      byChannel.get(row.channel) ?? Object.fromEntries(models.map((m) => [m, 0]))
    channelCredits[row.model] = credits(row.credit)
    byChannel.set(row.channel, channelCredits)
  }
  const total = (row: Record<string, number>) => Object.values(row).reduce((a, b) => a + b, 0)
  return {
    conversion: query.conversion,
    models,
    rows: [...byChannel]
      .map(([channel, channelCredits]) => ({ channel, credits: channelCredits }))
      .sort((a, b) => total(b.credits) - total(a.credits) || a.channel.localeCompare(b.channel)),
  }
}

export interface PathsQuery extends CompareQuery {
  limit: number
}

export async function queryPaths(marts: Marts, query: PathsQuery): Promise<PathsResponse> {
  const found = await marts.rows<{
    path: string[]
    conversions: number
    share: number
    median_days: number | null
  }>(
    `SELECT channel_path AS path, count() AS conversions,
       conversions / sum(conversions) OVER () AS share,
       if(countIf(days_to_convert IS NOT NULL) = 0, NULL,
          round(quantileExactInclusive(0.5)(days_to_convert), 2)) AS median_days
     FROM ${marts.table.attribution_paths}
     WHERE conversion = {conversion: String} AND ${inPeriod('converted_at')}${andEquals('site_id', 'site', query.site)}
     GROUP BY channel_path
     ORDER BY conversions DESC, arrayStringConcat(channel_path, ' > ')
     LIMIT {limit: UInt32}`,
    {
      ...periodParams(query.period),
      conversion: query.conversion,
      site: query.site,
      limit: query.limit,
    },
  )
  return {
    conversion: query.conversion,
    rows: found.map((row) => ({
      path: row.path,
      conversions: row.conversions,
      share: row.share,
      medianDaysToConvert: row.median_days,
    })),
  }
}
