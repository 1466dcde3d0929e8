/** `GET /api/v1/meta`: what the filters can offer, and how fresh the marts are. */
import type { MetaResponse } from '@leadhouse/dashboards/api-types'
import { MODELS } from './filters.js'
import { isoTime, type Marts } from './marts.js'

export async function queryMeta(
  marts: Marts,
  options: { currency: string; sites: readonly string[] },
): Promise<MetaResponse> {
  const { table } = marts
  const [sites, channels, models, range, built] = await Promise.all([
    marts.rows<{ site_id: string }>(
      `SELECT DISTINCT site_id FROM ${table.touchpoints} WHERE site_id != '' ORDER BY site_id`,
    ),
    marts.rows<{ channel: string }>(
      `SELECT DISTINCT channel FROM ${table.touchpoints} ORDER BY channel`,
    ),
    marts.rows<{ model: string }>(`SELECT DISTINCT model FROM ${table.channel_kpis}`),
    marts.rows<{ first: string; last: string; days: number }>(
      `SELECT toString(min(day)) AS first, toString(max(day)) AS last, count() AS days
       FROM ${table.kpi_daily}`,
    ),
    // channel_kpis is a table every build replaces: its creation is the last build's.
    marts.rows<{ built: string }>(
      `SELECT toString(metadata_modification_time) AS built FROM system.tables
       WHERE database = {database: String} AND name = 'channel_kpis'`,
      { database: marts.database },
    ),
  ])
  const present = new Set(models.map((row) => row.model))
  const [span] = range
  return {
    // The configured sites first, then any other the data holds.
    sites: [...new Set([...options.sites, ...sites.map((row) => row.site_id)])],
    channels: channels.map((row) => row.channel),
    models: [
      ...MODELS.filter((model) => present.has(model)),
      ...[...present].filter((model) => !(MODELS as readonly string[]).includes(model)).sort(),
    ],
    currency: options.currency,
    dataRange: span && span.days > 0 ? { from: span.first, to: span.last } : null,
    builtAt: isoTime(built[0]?.built),
  }
}
