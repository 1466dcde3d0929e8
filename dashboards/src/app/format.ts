/**
 * Numbers, money, percentages and dates for the chosen locale, through `Intl`. Every formatter
 * prints null/undefined (and NaN) as '–': the read API gives null for a ratio over 0.
 * Days and times are shown in UTC, as the marts count them (a day's KPIs would otherwise shift
 * by the viewer's time zone).
 */
import { useMemo } from 'preact/hooks'
import { type Locale, useLocale } from './i18n.js'

export const MISSING = '–'

export interface Formatters {
  /** Grouped digits; at most `maximumFractionDigits` decimals (default 2). */
  number(value: number | null | undefined, maximumFractionDigits?: number): string
  /** A ratio as per cent with at most one decimal: 0.123 → "12.3%" / "12,3 %". */
  percent(value: number | null | undefined): string
  /** An amount in `currency` (ISO code); cents only below 1,000. */
  money(value: number | null | undefined, currency: string): string
  /** `YYYY-MM-DD` or an ISO time → the day, e.g. "Dec 7, 2026" / "07.12.2026". */
  date(isoOrDay: string | null | undefined): string
  /** An ISO time → day and minute in UTC. */
  dateTime(iso: string | null | undefined): string
  /** A number of days: "3.5 days" / "3,5 Tage". */
  days(value: number | null | undefined): string
}

const isMissing = (value: number | null | undefined): value is null | undefined =>
  value === null || value === undefined || Number.isNaN(value)

/** `YYYY-MM-DD` is read as that UTC day; anything else as an ISO time. */
function toDate(isoOrDay: string): Date | undefined {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? `${isoOrDay}T00:00:00Z` : isoOrDay)
  return Number.isNaN(date.getTime()) ? undefined : date
}

export function createFormatters(locale: Locale): Formatters {
  const numbers = new Map<number, Intl.NumberFormat>()
  const numberFormat = (digits: number) => {
    let format = numbers.get(digits)
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })
      numbers.set(digits, format)
    }
    return format
  }
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
  const days = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'day',
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  })
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  })
  return {
    number: (value, maximumFractionDigits = 2) =>
      isMissing(value) ? MISSING : numberFormat(maximumFractionDigits).format(value),
    percent: (value) => (isMissing(value) ? MISSING : percent.format(value)),
    money: (value, currency) => {
      if (isMissing(value)) return MISSING
      const digits = Math.abs(value) >= 1000 ? 0 : 2
      const fraction = { minimumFractionDigits: digits, maximumFractionDigits: digits }
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency, ...fraction }).format(
          value,
        )
      } catch {
        // Not an ISO currency code: the number with the code beside it.
        return `${new Intl.NumberFormat(locale, fraction).format(value)} ${currency}`
      }
    },
    date: (isoOrDay) => {
      const parsed = isoOrDay ? toDate(isoOrDay) : undefined
      return parsed ? date.format(parsed) : MISSING
    },
    dateTime: (iso) => {
      const parsed = iso ? toDate(iso) : undefined
      return parsed ? dateTime.format(parsed) : MISSING
    },
    days: (value) => (isMissing(value) ? MISSING : days.format(value)),
  }
}

const cache = new Map<Locale, Formatters>()

/** The formatters for `locale`, made once per locale. */
export function formattersFor(locale: Locale): Formatters {
  let formatters = cache.get(locale)
  if (!formatters) {
    formatters = createFormatters(locale)
    cache.set(locale, formatters)
  }
  return formatters
}

export function useFormat(): Formatters {
  const locale = useLocale()
  return useMemo(() => formattersFor(locale), [locale])
}
