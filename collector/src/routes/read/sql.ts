/**
 * SQL fragments the views share. Each is fixed text that names query parameters (`{from: Date}`),
 * never a value: the values travel in `query_params`.
 */
import { addDays, type Period } from './filters.js'

/** The parameters of a period: `from`, `to`, and `end`, the day after `to` (for `ts < end`). */
export function periodParams(period: Period): { from: string; to: string; end: string } {
  return { from: period.from, to: period.to, end: addDays(period.to, 1) }
}

/** `column` (a time) within the period's days. */
export function inPeriod(column: string): string {
  return `${column} >= {from: Date} AND ${column} < {end: Date}`
}

/**
 * channel_kpis is monthly: a row counts with the share of its month's days inside the period
 * (1 for a month wholly inside, 10/31 for ten days of October). Exact for whole months.
 */
export const MONTH_SHARE = `(dateDiff('day', greatest(month, {from: Date}), least(toLastDayOfMonth(month), {to: Date})) + 1)
  / toDayOfMonth(toLastDayOfMonth(month))`

/** channel_kpis' months that overlap the period. */
export const MONTHS_IN_PERIOD = 'month >= toStartOfMonth({from: Date}) AND month <= {to: Date}'

/** `AND column = {name: String}` when the filter is set, else nothing. */
export function andEquals(column: string, name: string, value: string | undefined): string {
  return value === undefined ? '' : ` AND ${column} = {${name}: String}`
}

/**
 * Leads of a site: a lead belongs to the site of their first touchpoint (a lead never on a
 * site, known from the CRM or email links only, belongs to none).
 */
export function leadOfSite(emailColumn: string, touchpoints: string, site: string | undefined) {
  return site === undefined
    ? ''
    : ` AND ${emailColumn} IN (SELECT email FROM ${touchpoints}
        WHERE email != '' AND touch_number = 1 AND site_id = {site: String})`
}
