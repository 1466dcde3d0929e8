/**
 * UTC calendar days as `YYYY-MM-DD` strings, the form the read API takes, and the date-range
 * presets of the filter bar. Pure functions: `today` is always passed in.
 */

const DAY_MS = 86_400_000

export const isDay = (value: string | undefined): value is string =>
  value !== undefined &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`))

export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function todayUtc(now = new Date()): string {
  return toDay(now)
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS))
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

export type PresetId =
  | 'last7'
  | 'last30'
  | 'last90'
  | 'thisMonth'
  | 'lastMonth'
  | 'thisQuarter'
  | 'yearToDate'

export const PRESETS: readonly PresetId[] = [
  'last7',
  'last30',
  'last90',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'yearToDate',
]

/** The range of a preset, ending on `today` (the last day with data, or the calendar's today). */
export function presetRange(preset: PresetId, today: string): { from: string; to: string } {
  const [year = 1970, month = 1] = today.split('-').map(Number)
  const monthStart = (y: number, m: number) => toDay(new Date(Date.UTC(y, m - 1, 1)))
  switch (preset) {
    case 'last7':
      return { from: addDays(today, -6), to: today }
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'last90':
      return { from: addDays(today, -89), to: today }
    case 'thisMonth':
      return { from: monthStart(year, month), to: today }
    case 'lastMonth':
      return {
        from: monthStart(year, month - 1),
        to: addDays(monthStart(year, month), -1),
      }
    case 'thisQuarter':
      return { from: monthStart(year, month - ((month - 1) % 3)), to: today }
    case 'yearToDate':
      return { from: monthStart(year, 1), to: today }
  }
}

/** The preset whose range is exactly from–to, if any. */
export function matchPreset(from: string, to: string, today: string): PresetId | undefined {
  return PRESETS.find((preset) => {
    const range = presetRange(preset, today)
    return range.from === from && range.to === to
  })
}
