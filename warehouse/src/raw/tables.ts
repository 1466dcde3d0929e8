/**
 * The raw tables' rows as writers insert them (JSON objects, one key a column) and their column
 * lists. The DDL is `migrations.ts`; `tables.test.ts` checks that every list names exactly the
 * columns a writer fills (all but the MATERIALIZED ones), and the compiler checks that every list
 * names exactly its row type's keys. Times are DateTime64 text: see `toDateTime64`.
 */

/** A row of `events`, every column a writer fills: what the collector writes for an SDK event. */
export interface EventRow {
  /** UUID made by the client; the dedup key. */
  event_id: string
  site_id: string
  /** pageview, identify, event, engagement. */
  type: string
  /** When it happened: the client clock, unless implausible. */
  ts: string
  /** The client clock as sent. */
  client_ts: string
  /** When the collector accepted it. */
  received_at: string
  anonymous_id: string
  session_id: string
  url: string
  path: string
  title: string
  /** External referrer only. */
  referrer: string
  utm_source: string
  utm_medium: string
  utm_campaign: string
  utm_term: string
  utm_content: string
  /** gclid, gbraid, wbraid, msclkid, fbclid, li_fat_id, ttclid. */
  click_id_type: string
  click_id: string
  /** Identify events only. */
  email: string
  /** Custom event name. */
  name: string
  /** Custom event properties, JSON object text. */
  props: string
  is_pricing: boolean
  language: string
  timezone: string
  screen: string
  /** Engagement events: visible time since the last report. */
  engaged_ms: number
  /** Engagement events: deepest scroll, percent of the page. */
  scroll_depth: number
  browser: string
  browser_version: string
  os: string
  device: string
  is_bot: boolean
  /** The anonymised address: truncated, or a salted daily hash. Never the raw address. */
  ip: string
  /** ISO country code where known; '' otherwise. */
  country: string
}

/** The columns of `events` with no default worth having: every writer gives them. */
type EventKey = 'event_id' | 'site_id' | 'type' | 'ts' | 'client_ts' | 'received_at'

/**
 * A row of `events` that leaves columns out: those take their column default ('', 0, false),
 * as in an email-link event (no browser) or a synthetic row.
 */
export type PartialEventRow = Pick<EventRow, EventKey> & Partial<Omit<EventRow, EventKey>>

/** A row of `crm_events`, the sales log. */
export interface CrmEventRow {
  /** The CRM record id; the idempotency key (a later version replaces the row). */
  record_id: string
  /** contact, stage_change, sql_decision, call, meeting, trade_fair, offer, opportunity, deal. */
  type: string
  occurred_at: string
  received_at: string
  email: string
  stage: string
  /** accepted or rejected, for SQL decisions. */
  decision: string
  /** won or lost, for deals. */
  outcome: string
  /** Decimal(18, 2). */
  amount: number
  currency: string
  owner: string
  name: string
  company: string
  /** Employees; null when unknown. */
  company_size: number | null
  industry: string
  country: string
  job_title: string
  seniority: string
  budget: string
  authority: string
  need: string
  timeline: string
  notes: string
  attributes: Record<string, string>
}

type CrmEventKey = 'record_id' | 'type' | 'occurred_at' | 'received_at' | 'email'

/** A row of `crm_events` that leaves columns out: those take their column default. */
export type PartialCrmEventRow = Pick<CrmEventRow, CrmEventKey> &
  Partial<Omit<CrmEventRow, CrmEventKey>>

/** A row of `campaign_costs`: spend of one campaign on one day. */
export interface CampaignCostRow {
  /** `YYYY-MM-DD`. */
  day: string
  channel: string
  source: string
  medium: string
  campaign: string
  /** Decimal(18, 2). */
  cost: number
  currency: string
  impressions: number
  clicks: number
  received_at: string
}

/** A row of `rejected_events`: input that failed validation, kept for inspection. */
export interface RejectedEventRow {
  received_at: string
  endpoint: string
  site_id: string
  code: string
  field: string
  reason: string
  /** The raw input, or its first bytes when oversized. */
  payload: string
  payload_bytes: number
}

/** `List` when it names every key of `Row`, else a type naming the keys it misses. */
type Complete<Row, List extends readonly (keyof Row)[]> = [
  Exclude<keyof Row, List[number]>,
] extends [never]
  ? List
  : { missing: Exclude<keyof Row, List[number]> }

/** A column list of `Row`, checked by the compiler to name every one of its keys. */
const columnsOf =
  <Row>() =>
  <const List extends readonly (keyof Row)[]>(list: List & Complete<Row, List>): List =>
    list

/**
 * The columns of `events` a writer fills, in the order of the collector's compact spool layout
 * `events/1`: segments written in that layout replay by it, so a column added to `events` goes
 * at the end here together with a new layout tag in the collector, never in between.
 */
export const EVENT_COLUMNS = columnsOf<EventRow>()([
  'event_id',
  'site_id',
  'type',
  'ts',
  'client_ts',
  'received_at',
  'anonymous_id',
  'session_id',
  'url',
  'path',
  'title',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'click_id_type',
  'click_id',
  'email',
  'name',
  'props',
  'is_pricing',
  'language',
  'timezone',
  'screen',
  'engaged_ms',
  'scroll_depth',
  'browser',
  'browser_version',
  'os',
  'device',
  'is_bot',
  'ip',
  'country',
])

/** The columns of `crm_events` a writer fills, in the table's order. */
export const CRM_EVENT_COLUMNS = columnsOf<CrmEventRow>()([
  'record_id',
  'type',
  'occurred_at',
  'received_at',
  'email',
  'stage',
  'decision',
  'outcome',
  'amount',
  'currency',
  'owner',
  'name',
  'company',
  'company_size',
  'industry',
  'country',
  'job_title',
  'seniority',
  'budget',
  'authority',
  'need',
  'timeline',
  'notes',
  'attributes',
])

/** The columns of `campaign_costs` a writer fills, in the table's order. */
export const CAMPAIGN_COST_COLUMNS = columnsOf<CampaignCostRow>()([
  'day',
  'channel',
  'source',
  'medium',
  'campaign',
  'cost',
  'currency',
  'impressions',
  'clicks',
  'received_at',
])

/** The columns of `rejected_events` a writer fills, in the table's order. */
export const REJECTED_EVENT_COLUMNS = columnsOf<RejectedEventRow>()([
  'received_at',
  'endpoint',
  'site_id',
  'code',
  'field',
  'reason',
  'payload',
  'payload_bytes',
])

/** The raw tables by name, with the columns a writer fills. */
export const RAW_TABLES = {
  events: EVENT_COLUMNS,
  crm_events: CRM_EVENT_COLUMNS,
  campaign_costs: CAMPAIGN_COST_COLUMNS,
  rejected_events: REJECTED_EVENT_COLUMNS,
} as const

/** The name of a raw table. */
export type RawTable = keyof typeof RAW_TABLES
