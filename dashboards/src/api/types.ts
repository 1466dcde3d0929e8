/**
 * The read API's answers, as the dashboard reads them: the contract between the collector's
 * `/api/v1/...` read endpoints and the dashboard's pages. Dates are `YYYY-MM-DD` (UTC days),
 * times ISO 8601 strings in UTC; money in the reporting currency (`currency`); a ratio whose
 * denominator is 0 is `null`, never 0 or Infinity. Changes to this file are additive only.
 * The fixed lists both sides check (stages, conversions, temperatures, reject reasons) are
 * defined here once, as values, with their types derived from them.
 */

/** Query parameters every view accepts (validated by zod on the server; 400 names the parameter). */
export interface ViewFilters {
  /** First day, inclusive, `YYYY-MM-DD`. */
  from: string
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string
  /** A site id; absent: all sites. */
  site?: string
  /** A channel (as in `touchpoints.channel`); absent: all channels. Ignored where it does not apply. */
  channel?: string
}

/** GET /api/v1/meta: what the filters can offer, and how fresh the marts are. */
export interface MetaResponse {
  sites: string[]
  channels: string[]
  /** Attribution models present in the `attribution` mart, in the order the docs list them. */
  models: string[]
  currency: string
  /** First and last day with any activity; null before the first model build. */
  dataRange: { from: string; to: string } | null
  /** When the marts were last built (ISO), null before the first build. */
  builtAt: string | null
}

export interface OverviewKpis {
  visitors: number
  newLeads: number
  visitorToLeadRate: number | null
  mqls: number
  sqls: number
  customers: number
  leadToCustomerRate: number | null
  spend: number
  cpl: number | null
  costPerMql: number | null
  cpa: number | null
  revenue: number
  /** (gross margin of new customers − spend) / spend. */
  roi: number | null
}

/** GET /api/v1/overview?from&to&site&channel&model */
export interface OverviewResponse {
  currency: string
  /** The attribution model used for channel-filtered and money KPIs (default `linear`). */
  model: string
  period: { from: string; to: string }
  /** The period of the same length just before. */
  previousPeriod: { from: string; to: string }
  current: OverviewKpis
  previous: OverviewKpis
}

/** GET /api/v1/timeseries?from&to&site&channel&interval=day|week */
export interface TimeseriesResponse {
  interval: 'day' | 'week'
  /** One point per day or ISO week (its Monday), zero-filled, in order. */
  points: Array<{ date: string; leads: number; mqls: number; customers: number }>
}

/** The funnel's stages, in order. */
export const FUNNEL_STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
] as const
export type Stage = (typeof FUNNEL_STAGES)[number]

/** Every stage a lead can be in (`leads.current_stage`, the lead list's `stage` filter), in order. */
export const LIFECYCLE_STAGES = [
  ...FUNNEL_STAGES,
  'evangelist',
  'recycled',
  'reopened',
  'reactivated',
] as const

/** What the channels' views count as a conversion (`conversion`): a stage reached after subscriber. */
export const CONVERSIONS = [
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
] as const satisfies readonly Stage[]
export type Conversion = (typeof CONVERSIONS)[number]

export interface FunnelStage {
  stage: Stage
  /** Leads that reached this stage in the period. */
  count: number
  /** count / the previous stage's count; null for the first stage or a 0 denominator. */
  rateFromPrevious: number | null
  /** Median days from the previous stage to this one; null where not known. */
  medianDaysFromPrevious: number | null
}

/** GET /api/v1/funnel?from&to&site&channel */
export interface FunnelResponse {
  stages: FunnelStage[]
  /** The same funnel split by first-touch channel. */
  byChannel: Array<{ channel: string; stages: FunnelStage[] }>
}

export interface ChannelKpiRow {
  channel: string
  /** Absent on a channel's total row; present on its source/medium/campaign rows. */
  source?: string
  medium?: string
  campaign?: string
  spend: number
  impressions: number
  clicks: number
  sessions: number
  leads: number
  mqls: number
  sqls: number
  customers: number
  revenue: number
  grossMargin: number
  cpl: number | null
  costPerMql: number | null
  cpa: number | null
  roas: number | null
  roi: number | null
}

/** GET /api/v1/channels?from&to&site&model */
export interface ChannelsResponse {
  currency: string
  model: string
  /** Per channel, sorted by spend then leads, each followed by `campaigns` below it. */
  channels: Array<ChannelKpiRow & { campaigns: ChannelKpiRow[] }>
  /** Spend that no touchpoint matched (by channel, source, medium, campaign), in `currency`. */
  unmatchedSpend: number
}

/** GET /api/v1/attribution/compare?from&to&site&conversion=lead|mql|sql|opportunity|customer */
export interface AttributionCompareResponse {
  conversion: Exclude<Stage, 'subscriber'>
  models: string[]
  /** Per channel: the credit (sum over conversions) each model gives it. */
  rows: Array<{ channel: string; credits: Record<string, number> }>
}

/** GET /api/v1/paths?from&to&site&conversion&limit (default 10, max 100) */
export interface PathsResponse {
  conversion: Exclude<Stage, 'subscriber'>
  rows: Array<{
    path: string[]
    conversions: number
    share: number
    medianDaysToConvert: number | null
  }>
}

/**
 * The channel of a lead, or a conversion, that no tracked visit led to (known from the CRM or
 * email links only): the marts' and the read API's word for it.
 */
export const NO_CHANNEL = '(none)'

/** A lead's temperature, cold to hot: the order the lead list sorts them and the charts show them. */
export const TEMPERATURES = ['cold', 'warm', 'hot'] as const
export type Temperature = (typeof TEMPERATURES)[number]
export type TrafficLight = 'red' | 'yellow' | 'green'

export interface LeadListRow {
  email: string
  name: string | null
  company: string | null
  score: number
  temperature: Temperature
  trafficLight: TrafficLight
  stage: string
  owner: string | null
  firstTouchChannel: string | null
  lastActivityAt: string | null
}

/**
 * GET /api/v1/leads?q&stage&temperature&channel&scoreMin&scoreMax&sort&order&page&pageSize
 * `q` searches email, name and company; `sort` is one of the row's keys; `order` asc|desc;
 * `page` from 1; `pageSize` ≤ 200. With `format=csv` (or Accept: text/csv) the same rows as CSV.
 */
export interface LeadsResponse {
  total: number
  page: number
  pageSize: number
  rows: LeadListRow[]
}

export interface LeadActivity {
  ts: string
  /** `web` for the activity log's events, `email` for email opens/clicks, `sales` for the sales log. */
  source: 'web' | 'email' | 'sales'
  type: string
  name: string | null
  path: string | null
  previousPath: string | null
  referrer: string | null
  title: string | null
  channel: string | null
  isPricing: boolean
  stage: string | null
  decision: string | null
  outcome: string | null
  amount: number | null
  currency: string | null
  owner: string | null
}

/** GET /api/v1/leads/detail?email=… (404 when no such lead). */
export interface LeadDetailResponse {
  lead: {
    email: string
    name: string | null
    company: string | null
    companySize: string | null
    industry: string | null
    country: string | null
    jobTitle: string | null
    seniority: string | null
    budget: string | null
    authority: string | null
    need: string | null
    timeline: string | null
    owner: string | null
    firstSeenAt: string | null
    identifiedAt: string | null
    firstTouchChannel: string | null
    stage: string
    stageEnteredAt: string | null
  }
  score: {
    score: number
    fit: number
    engagement: number
    negative: number
    temperature: Temperature
    trafficLight: TrafficLight
    isMql: boolean
    reasons: Array<{ reason: string; points: number }>
  }
  trajectory: Array<{ day: string; score: number; change: number; mainCause: string | null }>
  lifecycle: Array<{
    stage: string
    enteredAt: string
    exitedAt: string | null
    previousStage: string | null
  }>
  /** Newest first, at most 500 (`activityTotal` says how many there are). */
  activity: LeadActivity[]
  activityTotal: number
}

/** GET /api/v1/cohorts?from&to (months whose first day lies in the range) */
export interface CohortsResponse {
  rows: Array<{
    month: string
    leads: number
    cold: number
    warm: number
    hot: number
    red: number
    yellow: number
    green: number
    meanScore: number | null
    p25Score: number | null
    medianScore: number | null
    p75Score: number | null
    /** How far the cohort has come: leads of the cohort that reached each stage so far. */
    reached: Record<Exclude<Stage, 'subscriber'>, number>
  }>
}

// ---- Sales feedback (#24): the caller, the MQL queue and the sales decisions ----

/** GET /api/v1/me: who the request acts as (the key's role and name). */
export interface MeResponse {
  role: 'read' | 'sales' | 'admin'
  /** The key's name (a sales key's is the salesperson's); '' when it has none. */
  name: string
}

/**
 * Why sales rejects a lead back to marketing: the fixed list the decision endpoint takes, in the
 * order the dashboard's select offers them (docs/http-api.md lists them).
 */
export const REJECT_REASONS = [
  'no_budget',
  'no_need',
  'no_authority',
  'bad_timing',
  'competitor',
  'not_reachable',
  'not_a_fit',
  'duplicate',
] as const

export type RejectReason = (typeof REJECT_REASONS)[number]

export type SalesDecision = 'accept' | 'reject' | 'reassign'

/** POST /api/v1/leads/decision: `reason` for reject (required), `owner` for reassign (required). */
export interface DecisionRequest {
  email: string
  decision: SalesDecision
  reason?: RejectReason
  owner?: string
}

/** 202: the sales-log record kept; the marts show it after the next model build. */
export interface DecisionResponse {
  accepted: number
  recordId: string
}

/** One MQL waiting for sales: in stage `mql` and not decided yet. */
export interface QueueRow {
  email: string
  name: string | null
  company: string | null
  score: number
  temperature: Temperature
  trafficLight: TrafficLight
  owner: string | null
  /** When the lead entered MQL. */
  mqlAt: string | null
  firstTouchChannel: string | null
}

/** GET /api/v1/queue?mine&page&pageSize (sales or admin): oldest MQL first. */
export interface QueueResponse {
  total: number
  page: number
  pageSize: number
  rows: QueueRow[]
}

// ---- Alert delivery (#24): the outbox and resending its dead letters ----

/** Where an alert stands: dead when any destination is, delivered when all are, else pending. */
export type AlertState = 'pending' | 'delivered' | 'dead'

/** One destination of an alert (`webhook`, `slack`, `email`; `none` when the team had none). */
export interface AlertDelivery {
  state: AlertState
  attempts: number
  /** When the next attempt is due; null unless pending. */
  next_attempt_at: string | null
  delivered_at: string | null
  last_error: string | null
}

export interface AlertRow {
  /** The idempotency key receivers see. */
  alert_id: string
  state: AlertState
  email: string
  trigger: string
  owner: string
  team: string
  triggered_at: string
  queued_at: string
  deliveries: Record<string, AlertDelivery>
}

/** GET /api/v1/alerts?state&limit (sales or admin): the outbox, newest first. */
export interface AlertsResponse {
  alerts: AlertRow[]
}

/** POST /api/v1/alerts/resend (admin): a dead letter's alert_id. */
export interface AlertResendRequest {
  alert_id: string
}

/** 200: the dead destinations are pending again, attempts reset, with the same alert_id. */
export interface AlertResendResponse {
  alert_id: string
  state: AlertState
  /** The destinations put back to pending. */
  resent: string[]
}
