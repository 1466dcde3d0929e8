/**
 * What the page needs beyond the shared formatters: a cohort's month ("Nov 2026" / "Nov. 2026")
 * and the share of a cohort that reached a stage.
 */
import type { CohortsResponse } from '../../api/types.js'
import { useLocale } from '../../app/i18n.js'

export type CohortRow = CohortsResponse['rows'][number]
export type FunnelStage = keyof CohortRow['reached']
/** The stages a cohort moves through after it became leads (`lead` is the cohort itself). */
export const PROGRESS_STAGES: readonly FunnelStage[] = ['mql', 'sql', 'opportunity', 'customer']

/** Formats a cohort's month, given as its first day `YYYY-MM-DD` (or `YYYY-MM`), in UTC. */
export function useMonthFormat(): (month: string) => string {
  // The same locale tags as app/format.ts, so months read like the other dates.
  const format = new Intl.DateTimeFormat(useLocale(), {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
  return (month) => {
    const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`)
    return Number.isNaN(date.getTime()) ? month : format.format(date)
  }
}

/**
 * The twelve calendar months up to `to`'s: from the first day of the month eleven months
 * before it. Cohorts are whole months, and the dashboard's default period, 30 days, holds one.
 */
export function lastTwelveMonths(to: string): { from: string; to: string } {
  const year = Number(to.slice(0, 4))
  const month = Number(to.slice(5, 7)) - 1
  const first = new Date(Date.UTC(year, month - 11, 1))
  return { from: first.toISOString().slice(0, 10), to }
}

/** The share of the cohort's leads that reached the stage; null for a cohort without leads. */
export function reachedShare(row: CohortRow, stage: FunnelStage): number | null {
  return row.leads === 0 ? null : row.reached[stage] / row.leads
}
