/**
 * The read API's answers as zod schemas: the OpenAPI document's response components are generated
 * from them, and the read API's tests parse every real answer with them. The dashboard's
 * interfaces (`@leadhouse/dashboards/api-types`) stay the contract the code is written against;
 * the type check at the end of this file fails `pnpm typecheck` when a schema and its interface
 * differ in any field, optional mark or null, so the document cannot drift from either. Objects
 * are strict: a field the answer has and the schema lacks is an error, not a silent extra.
 */
import type {
  AttributionCompareResponse,
  ChannelKpiRow,
  ChannelsResponse,
  CohortsResponse,
  FunnelResponse,
  FunnelStage,
  LeadActivity,
  LeadDetailResponse,
  LeadListRow,
  LeadsResponse,
  MeResponse,
  MetaResponse,
  OverviewKpis,
  OverviewResponse,
  PathsResponse,
  QueueResponse,
  QueueRow,
  TimeseriesResponse,
} from '@leadhouse/dashboards/api-types'
import { z } from 'zod'
import { ROLES } from '../../access/keys.js'
import { CONVERSIONS, FUNNEL_STAGES, TEMPERATURES } from './filters.js'

/** A UTC day, `YYYY-MM-DD`. */
const day = z.iso.date()
/** A time in UTC, ISO 8601 with milliseconds and `Z`. */
const time = z.iso.datetime()
/** A ratio or figure whose denominator was 0. */
const ratio = z.number().nullable()
const period = z.strictObject({ from: day, to: day })
const stage = z.enum(FUNNEL_STAGES)
const conversion = z.enum(CONVERSIONS)
const temperature = z.enum(TEMPERATURES)
const trafficLight = z.enum(['red', 'yellow', 'green'])
/** Paging of a list: the whole count, and which page of which size this is. */
const paging = {
  total: z.int().min(0),
  page: z.int().min(1),
  pageSize: z.int().min(1),
}

const metaResponse = z.strictObject({
  sites: z.array(z.string()),
  channels: z.array(z.string()),
  models: z.array(z.string()),
  currency: z.string(),
  dataRange: period.nullable(),
  builtAt: time.nullable(),
})

const overviewKpis = z.strictObject({
  visitors: z.number(),
  newLeads: z.number(),
  visitorToLeadRate: ratio,
  mqls: z.number(),
  sqls: z.number(),
  customers: z.number(),
  leadToCustomerRate: ratio,
  spend: z.number(),
  cpl: ratio,
  costPerMql: ratio,
  cpa: ratio,
  revenue: z.number(),
  roi: ratio,
})

const overviewResponse = z.strictObject({
  currency: z.string(),
  model: z.string(),
  period,
  previousPeriod: period,
  current: overviewKpis,
  previous: overviewKpis,
})

const timeseriesResponse = z.strictObject({
  interval: z.enum(['day', 'week']),
  points: z.array(
    z.strictObject({
      date: day,
      leads: z.number(),
      mqls: z.number(),
      customers: z.number(),
    }),
  ),
})

const funnelStage = z.strictObject({
  stage,
  count: z.number(),
  rateFromPrevious: ratio,
  medianDaysFromPrevious: z.number().nullable(),
})

const funnelResponse = z.strictObject({
  stages: z.array(funnelStage),
  byChannel: z.array(z.strictObject({ channel: z.string(), stages: z.array(funnelStage) })),
})

const channelKpiRow = z.strictObject({
  channel: z.string(),
  source: z.string().optional(),
  medium: z.string().optional(),
  campaign: z.string().optional(),
  spend: z.number(),
  impressions: z.number(),
  clicks: z.number(),
  sessions: z.number(),
  leads: z.number(),
  mqls: z.number(),
  sqls: z.number(),
  customers: z.number(),
  revenue: z.number(),
  grossMargin: z.number(),
  cpl: ratio,
  costPerMql: ratio,
  cpa: ratio,
  roas: ratio,
  roi: ratio,
})

const channelsResponse = z.strictObject({
  currency: z.string(),
  model: z.string(),
  channels: z.array(channelKpiRow.extend({ campaigns: z.array(channelKpiRow) })),
  unmatchedSpend: z.number(),
})

const attributionCompareResponse = z.strictObject({
  conversion,
  models: z.array(z.string()),
  rows: z.array(z.strictObject({ channel: z.string(), credits: z.record(z.string(), z.number()) })),
})

const pathsResponse = z.strictObject({
  conversion,
  rows: z.array(
    z.strictObject({
      path: z.array(z.string()),
      conversions: z.number(),
      share: z.number(),
      medianDaysToConvert: z.number().nullable(),
    }),
  ),
})

/** The lead's fields the list and the MQL queue both show (read/lead-row.ts selects them). */
const leadRowFields = {
  email: z.string(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  score: z.number(),
  temperature,
  trafficLight,
  owner: z.string().nullable(),
  firstTouchChannel: z.string().nullable(),
}

const leadListRow = z.strictObject({
  ...leadRowFields,
  stage: z.string(),
  lastActivityAt: time.nullable(),
})

const leadsResponse = z.strictObject({ ...paging, rows: z.array(leadListRow) })

const leadActivity = z.strictObject({
  ts: time,
  source: z.enum(['web', 'email', 'sales']),
  type: z.string(),
  name: z.string().nullable(),
  path: z.string().nullable(),
  previousPath: z.string().nullable(),
  referrer: z.string().nullable(),
  title: z.string().nullable(),
  channel: z.string().nullable(),
  isPricing: z.boolean(),
  stage: z.string().nullable(),
  decision: z.string().nullable(),
  outcome: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  owner: z.string().nullable(),
})

const leadDetailResponse = z.strictObject({
  lead: z.strictObject({
    email: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    companySize: z.string().nullable(),
    industry: z.string().nullable(),
    country: z.string().nullable(),
    jobTitle: z.string().nullable(),
    seniority: z.string().nullable(),
    budget: z.string().nullable(),
    authority: z.string().nullable(),
    need: z.string().nullable(),
    timeline: z.string().nullable(),
    owner: z.string().nullable(),
    firstSeenAt: time.nullable(),
    identifiedAt: time.nullable(),
    firstTouchChannel: z.string().nullable(),
    stage: z.string(),
    stageEnteredAt: time.nullable(),
  }),
  score: z.strictObject({
    score: z.number(),
    fit: z.number(),
    engagement: z.number(),
    negative: z.number(),
    temperature,
    trafficLight,
    isMql: z.boolean(),
    reasons: z.array(z.strictObject({ reason: z.string(), points: z.number() })),
  }),
  trajectory: z.array(
    z.strictObject({
      day,
      score: z.number(),
      change: z.number(),
      mainCause: z.string().nullable(),
    }),
  ),
  lifecycle: z.array(
    z.strictObject({
      stage: z.string(),
      enteredAt: time,
      exitedAt: time.nullable(),
      previousStage: z.string().nullable(),
    }),
  ),
  activity: z.array(leadActivity),
  activityTotal: z.int().min(0),
})

const cohortsResponse = z.strictObject({
  rows: z.array(
    z.strictObject({
      month: day,
      leads: z.number(),
      cold: z.number(),
      warm: z.number(),
      hot: z.number(),
      red: z.number(),
      yellow: z.number(),
      green: z.number(),
      meanScore: z.number().nullable(),
      p25Score: z.number().nullable(),
      medianScore: z.number().nullable(),
      p75Score: z.number().nullable(),
      reached: z.record(conversion, z.number()),
    }),
  ),
})

const meResponse = z.strictObject({ role: z.enum(ROLES), name: z.string() })

const queueRow = z.strictObject({ ...leadRowFields, mqlAt: time.nullable() })

const queueResponse = z.strictObject({ ...paging, rows: z.array(queueRow) })

/**
 * `GET /api/v1/activity`: the activity log's rows as the engine gives them (the dashboard does not
 * read this endpoint, so it has no interface there): `ts` is the engine's `YYYY-MM-DD hh:mm:ss.sss`
 * in UTC, and '' stands for none.
 */
export const activityResponse = z.strictObject({
  rows: z.array(
    z.strictObject({
      ts: z.string(),
      anonymous_id: z.string(),
      path: z.string(),
      referrer: z.string(),
      previous_path: z.string(),
      seq: z.number(),
    }),
  ),
})

/** Each read endpoint's JSON answer, by path; its OpenAPI component is named `schema`. */
export const readResponses = {
  '/api/v1/activity': { schema: 'ActivityResponse', zod: activityResponse },
  '/api/v1/meta': { schema: 'MetaResponse', zod: metaResponse },
  '/api/v1/overview': { schema: 'OverviewResponse', zod: overviewResponse },
  '/api/v1/timeseries': { schema: 'TimeseriesResponse', zod: timeseriesResponse },
  '/api/v1/funnel': { schema: 'FunnelResponse', zod: funnelResponse },
  '/api/v1/channels': { schema: 'ChannelsResponse', zod: channelsResponse },
  '/api/v1/attribution/compare': {
    schema: 'AttributionCompareResponse',
    zod: attributionCompareResponse,
  },
  '/api/v1/paths': { schema: 'PathsResponse', zod: pathsResponse },
  '/api/v1/leads': { schema: 'LeadsResponse', zod: leadsResponse },
  '/api/v1/leads/detail': { schema: 'LeadDetailResponse', zod: leadDetailResponse },
  '/api/v1/cohorts': { schema: 'CohortsResponse', zod: cohortsResponse },
  '/api/v1/me': { schema: 'MeResponse', zod: meResponse },
  '/api/v1/queue': { schema: 'QueueResponse', zod: queueResponse },
} as const satisfies Record<string, { schema: string; zod: z.ZodType }>

export type ReadPath = keyof typeof readResponses

/** Parts several answers share: their own components, referenced where used. */
const sharedParts: Record<string, z.ZodType> = {
  Period: period,
  OverviewKpis: overviewKpis,
  FunnelStage: funnelStage,
  ChannelKpiRow: channelKpiRow,
  LeadListRow: leadListRow,
  LeadActivity: leadActivity,
  QueueRow: queueRow,
}

/**
 * The answers and their shared parts as OpenAPI components (`#/components/schemas/<name>`),
 * a part used inside an answer as a `$ref` to its component.
 */
export function readResponseComponents(): Record<string, object> {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(sharedParts)) registry.add(schema, { id })
  for (const { schema, zod } of Object.values(readResponses)) registry.add(zod, { id: schema })
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` })
  // A component's `$id` would be a JSON pointer, which JSON Schema does not allow as an id;
  // components are named by their key.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _, ...schema }]) => [id, schema]),
  )
}

// ---- Compile-time: each schema's type is the dashboard's interface, field for field ----

/** The type with intersections merged: `A & B` and one object of their fields compare equal. */
type Plain<T> = T extends readonly (infer Item)[]
  ? Plain<Item>[]
  : T extends object
    ? { [K in keyof T]: Plain<T[K]> }
    : T
/** True when A and B are the same type (optional marks, readonly and nulls included). */
type Same<A, B> =
  (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false
type Holds<_ extends true> = true

export type ResponsesMatchTheDashboardTypes = [
  Holds<Same<z.infer<typeof metaResponse>, MetaResponse>>,
  Holds<Same<z.infer<typeof overviewKpis>, OverviewKpis>>,
  Holds<Same<z.infer<typeof overviewResponse>, OverviewResponse>>,
  Holds<Same<z.infer<typeof timeseriesResponse>, TimeseriesResponse>>,
  Holds<Same<z.infer<typeof funnelStage>, FunnelStage>>,
  Holds<Same<z.infer<typeof funnelResponse>, FunnelResponse>>,
  Holds<Same<z.infer<typeof channelKpiRow>, ChannelKpiRow>>,
  Holds<Same<z.infer<typeof channelsResponse>, ChannelsResponse>>,
  Holds<Same<z.infer<typeof attributionCompareResponse>, AttributionCompareResponse>>,
  Holds<Same<z.infer<typeof pathsResponse>, PathsResponse>>,
  Holds<Same<z.infer<typeof leadListRow>, LeadListRow>>,
  Holds<Same<z.infer<typeof leadsResponse>, LeadsResponse>>,
  Holds<Same<z.infer<typeof leadActivity>, LeadActivity>>,
  Holds<Same<z.infer<typeof leadDetailResponse>, LeadDetailResponse>>,
  Holds<Same<z.infer<typeof cohortsResponse>, CohortsResponse>>,
  Holds<Same<z.infer<typeof meResponse>, MeResponse>>,
  Holds<Same<z.infer<typeof queueRow>, QueueRow>>,
  Holds<Same<z.infer<typeof queueResponse>, QueueResponse>>,
]
