/**
 * `GET /api/v1/funnel`: the leads created (identified) in the period, and how far they have come
 * so far, as the funnel mart counts a month's leads but for any days: a lead reached a stage when
 * they entered it or a later one (lead_stage_times, from lifecycle_stages), so no rate exceeds 1;
 * split by first-touch channel (leads).
 */
import type { FunnelResponse, FunnelStage, Stage } from '@leadhouse/dashboards/api-types'
import { FUNNEL_STAGES, type Period } from './filters.js'
import { type Marts, ratio } from './marts.js'
import { andEquals, inPeriod, leadOfSite, periodParams } from './sql.js'

export interface FunnelQuery {
  period: Period
  site?: string | undefined
  channel?: string | undefined
}

type Row = { channel: string; total: number } & Record<`${Stage}_count`, number> &
  Record<`${Stage}_days`, number | null>

/** Per group: the leads that reached `stage`, and the median days from the stage before. */
function stageColumns(stage: Stage, index: number): string {
  const at = `${stage}_at`
  const previous = FUNNEL_STAGES[index - 1]
  if (previous === undefined)
    return `countIf(${at} IS NOT NULL) AS ${stage}_count, NULL AS ${stage}_days`
  // From subscriber, only for those who were one: for the others the stages coincide.
  const from = previous === 'subscriber' ? 'was_subscriber' : `${previous}_at IS NOT NULL`
  const both = `${at} IS NOT NULL AND ${from}`
  const days = `dateDiff('second', assumeNotNull(${previous}_at), assumeNotNull(${at})) / 86400`
  return `countIf(${at} IS NOT NULL) AS ${stage}_count,
    if(countIf(${both}) = 0, NULL, round(quantileExactInclusiveIf(0.5)(${days}, ${both}), 2)) AS ${stage}_days`
}

export async function queryFunnel(marts: Marts, query: FunnelQuery): Promise<FunnelResponse> {
  const { table } = marts
  const found = await marts.rows<Row>(
    `WITH cohort AS (
       SELECT email, if(first_touch_channel = '', '(none)', first_touch_channel) AS channel
       FROM ${table.leads}
       WHERE ${inPeriod('identified_at')}${andEquals('first_touch_channel', 'channel', query.channel)}${leadOfSite('email', table.touchpoints, query.site)}
     ),
     reached AS (
       SELECT email, ${FUNNEL_STAGES.map((stage) => `${stage}_at`).join(', ')}, was_subscriber
       FROM ${table.lead_stage_times}
       WHERE email IN (SELECT email FROM cohort)
     )
     SELECT channel, count() AS total, ${FUNNEL_STAGES.map(stageColumns).join(',\n')}
     FROM cohort LEFT JOIN reached ON reached.email = cohort.email
     GROUP BY GROUPING SETS ((channel), ())
     SETTINGS join_use_nulls = 1`,
    { ...periodParams(query.period), site: query.site, channel: query.channel },
  )
  // The grouping set () is the row for every channel: its channel is the default, ''.
  const all = found.find((row) => row.channel === '')
  return {
    stages: stagesOf(all),
    byChannel: found
      .filter((row) => row.channel !== '')
      .sort((a, b) => b.total - a.total || a.channel.localeCompare(b.channel))
      .map((row) => ({ channel: row.channel, stages: stagesOf(row) })),
  }
}

function stagesOf(row: Row | undefined): FunnelStage[] {
  return FUNNEL_STAGES.map((stage, index) => {
    const count = row?.[`${stage}_count`] ?? 0
    const previous = FUNNEL_STAGES[index - 1]
    return {
      stage,
      count,
      rateFromPrevious:
        previous === undefined ? null : ratio(count, row?.[`${previous}_count`] ?? 0),
      medianDaysFromPrevious: row?.[`${stage}_days`] ?? null,
    }
  })
}
