/**
 * `GET /api/v1/cohorts`: the score profile of each month's new leads (cohort_score_profile),
 * for the months whose first day lies in the period, with how far each cohort has come so far:
 * its leads (leads, by the month of identified_at) that reached each stage (lead_stage_times), as
 * the funnel counts.
 */
import type { CohortsResponse } from '@leadhouse/dashboards/api-types'
import type { Period } from './filters.js'
import type { Marts } from './marts.js'

type CohortRow = CohortsResponse['rows'][number]
type Reached = CohortRow['reached']
const REACHED = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const

interface ProfileRow {
  leads: number
  cold: number
  warm: number
  hot: number
  red: number
  yellow: number
  green: number
  mean_score: number | null
  p25_score: number | null
  median_score: number | null
  p75_score: number | null
}

export async function queryCohorts(marts: Marts, period: Period): Promise<CohortsResponse> {
  const { table } = marts
  const params = { from: period.from, to: period.to }
  const months = 'month >= {from: Date} AND month <= {to: Date}'
  const [profiles, progress] = await Promise.all([
    marts.rows<ProfileRow & { cohort: string }>(
      `SELECT toString(month) AS cohort, leads, cold, warm, hot, red, yellow, green,
         mean_score, p25_score, median_score, p75_score
       FROM ${table.cohort_score_profile} WHERE ${months} ORDER BY month`,
      params,
    ),
    marts.rows<{ cohort: string } & Reached>(
      `SELECT toString(month) AS cohort,
         ${REACHED.map((stage) => `countIf(reached.${stage}_at IS NOT NULL) AS ${stage}`).join(', ')}
       FROM ${table.leads} AS leads
       -- A lead's first entry of each stage or a later one (recycled and the like are none).
       LEFT JOIN ${table.lead_stage_times} AS reached ON reached.email = leads.email
       WHERE toStartOfMonth(leads.identified_at) >= {from: Date}
         AND toStartOfMonth(leads.identified_at) <= {to: Date}
       GROUP BY toStartOfMonth(leads.identified_at) AS month
       SETTINGS join_use_nulls = 1`,
      params,
    ),
  ])
  const reachedByMonth = new Map(progress.map((row) => [row.cohort, row]))
  return {
    rows: profiles.map((profile) => {
      const reached = reachedByMonth.get(profile.cohort)
      return {
        month: profile.cohort,
        leads: profile.leads,
        cold: profile.cold,
        warm: profile.warm,
        hot: profile.hot,
        red: profile.red,
        yellow: profile.yellow,
        green: profile.green,
        meanScore: profile.mean_score,
        p25Score: profile.p25_score,
        medianScore: profile.median_score,
        p75Score: profile.p75_score,
        reached: Object.fromEntries(
          REACHED.map((stage) => [stage, reached?.[stage] ?? 0]),
        ) as Reached,
      }
    }),
  }
}
