/**
 * The read API's query parameters, one zod schema a kind: the common view filters (`from`, `to`,
 * `site`, `channel`), the enums, and paging. Every value either matches a closed pattern or
 * enum, or is only ever passed to the engine as a query parameter; a refusal names the parameter.
 */
import { CONVERSIONS } from '@leadhouse/dashboards/api-types'
import { z } from 'zod'
import { ApiError } from '../../errors.js'
import { fieldPath } from '../../lib/problems.js'

/** The longest period a view covers, in days (three years and a leap day). */
export const MAX_SPAN_DAYS = 1096
/** Days a period covers when the request names neither end. */
export const DEFAULT_SPAN_DAYS = 30

const DAY_MS = 86_400_000
const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
/** Channels as touchpoints name them (`paid_search`), and `(none)`. */
const CHANNEL = /^(?:[a-z][a-z0-9_]{0,39}|\(none\))$/

/** The attribution models, in the order docs/models.md lists them. */
export const MODELS = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'time_decay',
  'position_based',
  'w_shaped',
  'full_path',
  'markov',
  'shapley',
] as const
/** The fixed lists the dashboard offers too: defined once, with the API's types. */
export {
  CONVERSIONS,
  FUNNEL_STAGES,
  LIFECYCLE_STAGES,
  TEMPERATURES,
} from '@leadhouse/dashboards/api-types'

/** `YYYY-MM-DD`, a real calendar day. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)
  }, 'must be a real calendar day')
  // ClickHouse's Date runs from 1970 to 2149: this range, and the period before it, stay inside.
  .refine((text) => text >= '2000-01-01' && text <= '2099-12-31', 'must lie in 2000 to 2099')

/** The filters every view accepts; `from` and `to` default to the 30 days up to today (UTC). */
export const viewFilters = z.object({
  from: day.optional(),
  to: day.optional(),
  site: z.string().regex(SITE_ID, 'must be a site id (letters, digits, . _ -)').optional(),
  channel: z.string().regex(CHANNEL, 'must be a channel such as paid_search').optional(),
})

export const modelParam = z.enum(MODELS).default('linear')
export const conversionParam = z.enum(CONVERSIONS)

/** A whole number from a query string, within bounds. */
export function wholeNumber(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
}

/** A period of whole UTC days, both ends included. */
export interface Period {
  from: string
  to: string
}

/** The period of `filters`, checked: from ≤ to, at most MAX_SPAN_DAYS; defaults filled in. */
export function periodOf(filters: { from?: string | undefined; to?: string | undefined }): Period {
  const to = filters.to ?? (filters.from ? addDays(filters.from, DEFAULT_SPAN_DAYS - 1) : today())
  const from = filters.from ?? addDays(to, 1 - DEFAULT_SPAN_DAYS)
  if (from > to) throw refusal('from', 'from: must not be after to')
  if (daysBetween(from, to) + 1 > MAX_SPAN_DAYS)
    throw refusal('to', `to: the period spans more than ${MAX_SPAN_DAYS} days`)
  return { from, to }
}

/** The period of the same length just before `period`. */
export function previousPeriod(period: Period): Period {
  const length = daysBetween(period.from, period.to) + 1
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) }
}

/** `day` moved by `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

function today(): string {
  return new Date().toISOString().slice(0, 10)
}

/** A 400 naming `field`. */
export function refusal(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_query', message, field)
}

/** `query` parsed by `schema`, or a 400 naming the first parameter at fault. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  query: Record<string, string>,
): z.output<S> {
  const parsed = schema.safeParse(query)
  if (parsed.success) return parsed.data
  const [issue] = parsed.error.issues
  const field = fieldPath(issue?.path ?? [])
  throw refusal(field, `${field}: ${issue?.message}`)
}
