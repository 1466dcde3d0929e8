/**
 * The read API in the OpenAPI document: each endpoint's query parameters generated from the zod
 * schema it validates with, so the description cannot drift from what is refused, and its answer
 * from the zod schema of responses.ts, which is checked against the dashboard's types at compile
 * time and against real answers in the read API's tests.
 */
import { z } from 'zod'
import { queueQuery } from '../sales.js'
import { viewFilters } from './filters.js'
import { type ReadPath, readResponseComponents, readResponses } from './responses.js'
import {
  compareQuery,
  leadDetailQuery,
  leadsQuery,
  overviewQuery,
  pathsQuery,
  timeseriesQuery,
} from './routes.js'

const security = [{ bearer: [] }, { session: [] }]
const errorContent = {
  'application/json': { schema: { $ref: '#/components/schemas/Error' } },
}

/** The schema's fields as OpenAPI query parameters. */
function queryParameters(schema: z.ZodType): object[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, object>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }))
}

interface Response {
  description: string
  content?: Record<string, object>
}
interface PathItem {
  get: { responses: Record<string, Response> } & Record<string, unknown>
}

function view(
  summary: string,
  schema: z.ZodType | undefined,
  statuses = [400, 401, 403],
): PathItem {
  return {
    get: {
      summary,
      description: 'The answer’s fields and how each figure is computed: docs/http-api.md.',
      security,
      parameters: schema === undefined ? [] : queryParameters(schema),
      responses: {
        '200': { description: 'The view (JSON)' },
        ...Object.fromEntries(
          statuses.map((status) => [
            String(status),
            { description: 'Error', content: errorContent },
          ]),
        ),
      },
    },
  }
}

/** The read API's answers and their shared parts, for the document's `components.schemas`. */
export function readApiSchemas(): Record<string, object> {
  return readResponseComponents()
}

/**
 * The read API's paths (read or admin key, or the dashboard's session), each 200 referencing its
 * answer's schema.
 */
export function readApiPaths(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(describedPaths()).map(([path, item]) => [
      path,
      withAnswer(item, readResponses[path as ReadPath].schema),
    ]),
  )
}

/** The 200 answer's JSON described by its component (beside any other type it has, e.g. CSV). */
function withAnswer({ get }: PathItem, schema: string): PathItem {
  const ok = get.responses['200'] ?? { description: 'The view' }
  const answer = {
    ...ok,
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${schema}` } },
      ...ok.content,
    },
  }
  return { get: { ...get, responses: { ...get.responses, '200': answer } } }
}

// Typed by ReadPath: a path without an answer schema, or a schema without a path, fails to compile.
function describedPaths(): Record<ReadPath, PathItem> {
  return {
    '/api/v1/activity': view(
      'Most recent rows of the activity log',
      z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
    ),
    '/api/v1/meta': view(
      'The sites, channels and models to filter by; data range; last build',
      undefined,
      [401, 403],
    ),
    '/api/v1/overview': view('KPIs of a period and of the period before', overviewQuery),
    '/api/v1/timeseries': view('Leads, MQLs and customers per day or week', timeseriesQuery),
    '/api/v1/funnel': view(
      'The funnel of the period’s new leads, by first-touch channel',
      viewFilters,
    ),
    '/api/v1/channels': view(
      'Spend, conversions and returns per channel and campaign',
      overviewQuery,
    ),
    '/api/v1/attribution/compare': view(
      'Each attribution model’s credit per channel',
      compareQuery,
    ),
    '/api/v1/paths': view('The most common conversion paths', pathsQuery),
    '/api/v1/leads': {
      get: {
        ...view(
          'Leads: search, filters, sort, pages; CSV with format=csv or Accept: text/csv',
          leadsQuery,
        ).get,
        responses: {
          ...view('', undefined).get.responses,
          '200': {
            description: 'A page of leads',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/api/v1/leads/detail': view(
      'One lead: attributes, score, trajectory, lifecycle, activity',
      leadDetailQuery,
      [400, 401, 403, 404],
    ),
    '/api/v1/cohorts': view(
      'Score profile and progress of monthly cohorts of new leads',
      viewFilters,
    ),
    '/api/v1/me': view('The role and name of the key the request acts with', undefined, [401, 403]),
    '/api/v1/queue': view(
      'The MQLs waiting for sales, oldest first; mine=1 for the caller’s own (sales or admin key)',
      queueQuery,
    ),
  }
}
