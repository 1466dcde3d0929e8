/**
 * The read API behind the dashboard: one GET endpoint per view, each behind the read role, its
 * query validated by zod (400 naming the parameter), its answer from the marts by parameterised
 * SQL (one query module per view), empty before the first model build. Answers: the types in
 * `@leadhouse/dashboards/api-types`; documented in docs/http-api.md and /openapi.json.
 */
import type { Warehouse } from '@leadhouse/warehouse'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError } from '../../errors.js'
import { queryAttributionCompare, queryPaths } from './attribution.js'
import { queryChannels } from './channels.js'
import { queryCohorts } from './cohorts.js'
import {
  CONVERSIONS,
  LIFECYCLE_STAGES,
  modelParam,
  parseQuery,
  periodOf,
  refusal,
  TEMPERATURES,
  viewFilters,
  wholeNumber,
} from './filters.js'
import { queryFunnel } from './funnel.js'
import { queryLeadDetail } from './lead-detail.js'
import { LEAD_SORTS, leadsCsv, queryLeads } from './leads.js'
import { openMarts } from './marts.js'
import { queryMeta } from './meta.js'
import { queryOverview } from './overview.js'
import { queryTimeseries } from './timeseries.js'

export interface ReadRoutesOptions {
  /** The models' reporting currency (var reporting_currency). Default `EUR`, the models' own. */
  currency?: string
  /** The configured site ids, offered by /api/v1/meta before any data. */
  sites?: readonly string[]
}

const activityQuery = z.object({ limit: wholeNumber(1, 1000).default(100) })

export const overviewQuery = viewFilters.extend({ model: modelParam })
export const timeseriesQuery = overviewQuery.extend({
  interval: z.enum(['day', 'week']).default('day'),
})
export const compareQuery = viewFilters.extend({
  conversion: z.enum(CONVERSIONS).default('lead'),
})
export const pathsQuery = compareQuery.extend({ limit: wholeNumber(1, 100).default(10) })
export const leadsQuery = viewFilters.extend({
  q: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .transform((text) => (text === '' ? undefined : text))
    .optional(),
  stage: z.enum(LIFECYCLE_STAGES).optional(),
  temperature: z.enum(TEMPERATURES).optional(),
  scoreMin: z.coerce.number({ error: 'must be a number' }).min(-10_000).max(10_000).optional(),
  scoreMax: z.coerce.number({ error: 'must be a number' }).min(-10_000).max(10_000).optional(),
  sort: z
    .enum(Object.keys(LEAD_SORTS) as [keyof typeof LEAD_SORTS, ...(keyof typeof LEAD_SORTS)[]])
    .default('score'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: wholeNumber(1, 100_000).default(1),
  pageSize: wholeNumber(1, 200).default(50),
  format: z.enum(['json', 'csv']).optional(),
})
export const leadDetailQuery = z.object({
  email: z
    .string({ error: 'is required' })
    .trim()
    .toLowerCase()
    .max(320, 'must be at most 320 characters')
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
})

/** Read API behind the dashboard. */
export function readRoutes(
  warehouse: Warehouse,
  authorize: MiddlewareHandler,
  options: ReadRoutesOptions = {},
): Hono {
  const marts = openMarts(warehouse)
  const currency = options.currency ?? 'EUR'
  return new Hono()
    .get('/api/v1/activity', authorize, async (c) => {
      const { limit } = parseQuery(activityQuery, c.req.query())
      const rows = await marts.rows(
        `SELECT ts, anonymous_id, path, referrer, previous_path, seq
         FROM ${marts.table.activity_log} ORDER BY ts DESC, event_id LIMIT {limit: UInt32}`,
        { limit },
      )
      return c.json({ rows })
    })
    .get('/api/v1/meta', authorize, async (c) =>
      c.json(await queryMeta(marts, { currency, sites: options.sites ?? [] })),
    )
    .get('/api/v1/overview', authorize, async (c) => {
      const query = parseQuery(overviewQuery, c.req.query())
      return c.json(await queryOverview(marts, { ...query, period: periodOf(query) }, currency))
    })
    .get('/api/v1/timeseries', authorize, async (c) => {
      const query = parseQuery(timeseriesQuery, c.req.query())
      return c.json(await queryTimeseries(marts, { ...query, period: periodOf(query) }))
    })
    .get('/api/v1/funnel', authorize, async (c) => {
      const query = parseQuery(viewFilters, c.req.query())
      return c.json(await queryFunnel(marts, { ...query, period: periodOf(query) }))
    })
    .get('/api/v1/channels', authorize, async (c) => {
      const query = parseQuery(overviewQuery, c.req.query())
      return c.json(await queryChannels(marts, { ...query, period: periodOf(query) }, currency))
    })
    .get('/api/v1/attribution/compare', authorize, async (c) => {
      const query = parseQuery(compareQuery, c.req.query())
      return c.json(await queryAttributionCompare(marts, { ...query, period: periodOf(query) }))
    })
    .get('/api/v1/paths', authorize, async (c) => {
      const query = parseQuery(pathsQuery, c.req.query())
      return c.json(await queryPaths(marts, { ...query, period: periodOf(query) }))
    })
    .get('/api/v1/leads', authorize, async (c) => {
      const query = parseQuery(leadsQuery, c.req.query())
      if (
        query.scoreMin !== undefined &&
        query.scoreMax !== undefined &&
        query.scoreMin > query.scoreMax
      )
        throw refusal('scoreMin', 'scoreMin: must not be above scoreMax')
      const answer = await queryLeads(marts, query)
      const csv =
        query.format === 'csv' ||
        (query.format === undefined && /\btext\/csv\b/i.test(c.req.header('accept') ?? ''))
      if (!csv) return c.json(answer)
      c.header('content-type', 'text/csv; charset=utf-8')
      c.header(
        'content-disposition',
        `attachment; filename="leads-page-${answer.page}-${new Date().toISOString().slice(0, 10)}.csv"`,
      )
      return c.body(leadsCsv(answer.rows))
    })
    .get('/api/v1/leads/detail', authorize, async (c) => {
      const { email } = parseQuery(leadDetailQuery, c.req.query())
      const detail = await queryLeadDetail(marts, email)
      if (detail === null) throw new ApiError(404, 'not_found', `email: no lead ${email}`, 'email')
      return c.json(detail)
    })
    .get('/api/v1/cohorts', authorize, async (c) => {
      const query = parseQuery(viewFilters, c.req.query())
      return c.json(await queryCohorts(marts, periodOf(query)))
    })
}
