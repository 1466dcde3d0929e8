import {
  type CampaignCostRow,
  type PartialCrmEventRow,
  toDateTime64,
} from '@leadhouse/warehouse/raw'
import { z } from 'zod'

/** Lifecycle stages, HubSpot's set. */
export const STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'evangelist',
] as const
/** What a sales-log record is. */
export const CRM_TYPES = [
  'contact',
  'stage_change',
  'sql_decision',
  'call',
  'meeting',
  'trade_fair',
  'offer',
  'opportunity',
  'deal',
  // A lead handed to another salesperson (the dashboard's reassign): `owner` is the new one.
  'owner_change',
] as const
/** Marketing channels, as the models group touchpoints (GA4's default channel grouping). */
export const CHANNELS = [
  'direct',
  'organic_search',
  'paid_search',
  'organic_social',
  'paid_social',
  'email',
  'referral',
  'display',
  'affiliate',
  'other',
] as const

const text = (max = 500) => z.string().max(max).optional()
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')

/** The columns' range: what they cannot hold is refused, never stored as something else. */
const LAST_MS = Date.UTC(2100, 0, 1) - 1
const FIRST_DAY = '1970-01-01'
const LAST_DAY = '2149-06-06'
const MAX_UINT32 = 4_294_967_295

const TIME_MESSAGE =
  'must be an ISO 8601 date-time such as 2026-11-23T10:00:00Z, or milliseconds since the epoch'
/** ISO 8601 as CRMs export it; without a zone it is UTC. */
const ISO_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/

const timestamp = z
  .union([z.number(), z.string()], { error: TIME_MESSAGE })
  .transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : parseTime(value.trim())
    if (!Number.isInteger(ms)) {
      ctx.addIssue({ code: 'custom', message: TIME_MESSAGE })
      return z.NEVER
    }
    if (ms < 0 || ms > LAST_MS) {
      ctx.addIssue({ code: 'custom', message: 'must be between 1970 and the end of 2099' })
      return z.NEVER
    }
    return ms
  })

/** Milliseconds of a CSV cell or JSON string: digits are epoch milliseconds, else ISO 8601. */
function parseTime(text: string): number {
  if (/^\d+$/.test(text)) return Number(text)
  const match = ISO_TIME.exec(text)
  if (!match) return Number.NaN
  const [, day, time = '00:00', zone = 'Z'] = match
  return Date.parse(`${day}T${time}${zone}`)
}

/**
 * A number as JSON sends it, or as a CSV cell spells it. Not z.coerce: that takes null, "",
 * true and [5] for numbers.
 */
const NUMBER_MESSAGE = 'must be a number such as 1234 or 1234.50'
const number = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, NUMBER_MESSAGE)
      .transform(Number),
  ],
  { error: NUMBER_MESSAGE },
)

/** A whole count up to `max`: a JSON integer, or digits in CSV ("1.000" is refused, not 1). */
const count = (max: number) =>
  z
    .union(
      [z.number(), z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number)],
      {
        error: 'must be a whole number',
      },
    )
    .pipe(
      z
        .number()
        .nonnegative()
        .max(max, `must be at most ${max}`)
        .refine(Number.isInteger, 'must be a whole number'),
    )

/**
 * Money, to the cent: the columns are Decimal(18, 2), which would cut a third decimal off
 * silently, so a finer amount is refused. A float a client's arithmetic left a hair off a cent
 * (19.99 * 3 = 59.970000000000006) is that cent.
 */
const money = number.pipe(
  z
    .number()
    .nonnegative()
    .max(1e12)
    .refine((value) => isCents(value), {
      message: 'must have at most 2 decimals (cents), such as 1234.50',
    })
    .transform((value) => Math.round(value * 100) / 100),
)

/**
 * Whether `value` is a whole number of cents, up to the float's own precision: a billion with
 * cents is exact only to a few thousandths of a cent, and 19.99 * 3 misses by a hair.
 */
function isCents(value: number): boolean {
  const cents = value * 100
  return Math.abs(cents - Math.round(cents)) <= Math.max(1e-6, Math.abs(cents) * 8 * Number.EPSILON)
}

/** One record of the sales log, as a CRM sends it. Unknown keys are refused by name. */
export const crmRecordSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(200)
      .describe('The CRM record id: sending it again replaces the record'),
    type: z.enum(CRM_TYPES),
    occurred_at: timestamp,
    email: z.email('must be an email address').max(320),
    stage: z.enum(STAGES).optional(),
    decision: z.enum(['accepted', 'rejected']).optional(),
    outcome: z.enum(['won', 'lost']).optional(),
    amount: money.optional(),
    currency: currency.optional(),
    owner: text(),
    name: text(),
    company: text(),
    company_size: count(MAX_UINT32).optional().describe('Employees'),
    industry: text(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 code such as DE')
      .optional(),
    job_title: text(),
    seniority: text(),
    budget: text(),
    authority: text(),
    need: text(),
    timeline: text(),
    notes: text(10_000),
    attributes: z.record(z.string().max(100), z.string().max(2000)).optional(),
  })
  .superRefine((record, ctx) => {
    const need = (field: string, present: unknown, when: string) => {
      if (present === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for ${when}` })
    }
    if (record.type === 'stage_change') need('stage', record.stage, 'a stage_change')
    if (record.type === 'sql_decision') need('decision', record.decision, 'an sql_decision')
    if (record.type === 'owner_change') need('owner', record.owner, 'an owner_change')
    if (record.type === 'deal') {
      need('outcome', record.outcome, 'a deal')
      need('amount', record.amount, 'a deal')
    }
    if (record.amount !== undefined) need('currency', record.currency, 'an amount')
  })

/** Spend of one campaign on one day. Sending the same day, channel, source and campaign again replaces it. */
export const costRowSchema = z.strictObject({
  day: z.iso
    .date('must be a date such as 2026-11-23')
    .refine((day) => day >= FIRST_DAY && day <= LAST_DAY, {
      message: `must be between ${FIRST_DAY} and ${LAST_DAY}`,
    }),
  channel: z.enum(CHANNELS),
  source: z.string().max(200).default(''),
  medium: z.string().max(200).default(''),
  campaign: z.string().min(1).max(500),
  cost: money,
  currency,
  impressions: count(Number.MAX_SAFE_INTEGER).default(0),
  clicks: count(Number.MAX_SAFE_INTEGER).default(0),
})

export type CrmRecord = z.infer<typeof crmRecordSchema>
export type CostRow = z.infer<typeof costRowSchema>

/** A `crm_events` row. */
export function toCrmRow(record: CrmRecord, receivedAt: number): PartialCrmEventRow {
  const { id, occurred_at, email, company_size, attributes, ...rest } = record
  return {
    ...rest,
    record_id: id,
    occurred_at: toDateTime64(occurred_at),
    received_at: toDateTime64(receivedAt),
    email: email.trim().toLowerCase(),
    company_size: company_size ?? null,
    attributes: attributes ?? {},
  }
}

/** A `campaign_costs` row. */
export function toCostRow(row: CostRow, receivedAt: number): CampaignCostRow {
  return { ...row, received_at: toDateTime64(receivedAt) }
}
