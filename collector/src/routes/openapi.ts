import { Hono } from 'hono'
import { z } from 'zod'
import { MAX_BATCH_EVENTS, wireEventSchema } from '../lib/event-schema.js'
import { costRowSchema, crmRecordSchema } from '../lib/import-schemas.js'
import { decisionSchema } from '../lib/sales-decisions.js'
import { resendSchema } from './alerts.js'
import { erasureSchema } from './erase.js'
import { linkRequestSchema } from './links.js'
import { readApiPaths, readApiSchemas } from './read/openapi.js'

/** The batch as documented: the route validates the envelope first, then each event. */
const documentedBatch = z.object({
  s: z.string().min(1).max(64).describe('Site id'),
  e: z.array(wireEventSchema).min(1).max(MAX_BATCH_EVENTS).describe('Events, oldest first'),
})

const apiError = z.object({
  error: z.object({
    code: z.string().describe('Machine-readable, e.g. invalid_event, unknown_site, rate_limited'),
    message: z.string().describe('What is wrong, naming the field'),
    field: z.string().optional().describe('The input at fault, e.g. e[0].ts'),
  }),
})

const json = (name: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${name}` } },
})
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [String(status), { description: 'Error', content: json('Error') }]),
  )
/** A read or admin key as a Bearer token, or the dashboard's session cookie (see docs/http-api.md). */
const bearer = [{ bearer: [] }, { session: [] }]

/** A CSV import: the columns are the JSON route's fields (`attributes.x` for attributes). */
const csvUpload = (summary: string) => ({
  post: {
    summary,
    security: bearer,
    requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } },
    responses: {
      '202': { description: 'Kept; `rejected` names refused lines' },
      ...errors(400, 401, 403, 408, 413, 503),
    },
  },
})

/** The OpenAPI 3.1 description of the collector's HTTP API; schemas generated from the zod ones. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Leadhouse collector', version: '0.1.0' },
    components: {
      schemas: {
        Batch: z.toJSONSchema(documentedBatch, { unrepresentable: 'any' }),
        Error: z.toJSONSchema(apiError),
        CrmRecords: z.toJSONSchema(z.object({ records: z.array(crmRecordSchema) }), {
          unrepresentable: 'any',
          io: 'input',
        }),
        Costs: z.toJSONSchema(z.object({ costs: z.array(costRowSchema) }), {
          unrepresentable: 'any',
          io: 'input',
        }),
        Erasure: z.toJSONSchema(erasureSchema, { unrepresentable: 'any', io: 'input' }),
        LinkRequest: z.toJSONSchema(linkRequestSchema, { unrepresentable: 'any', io: 'input' }),
        Decision: z.toJSONSchema(decisionSchema, { unrepresentable: 'any', io: 'input' }),
        AlertResend: z.toJSONSchema(resendSchema, { unrepresentable: 'any', io: 'input' }),
        ...readApiSchemas(),
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'lh_session' },
      },
    },
    paths: {
      '/e': {
        post: {
          summary: 'Events from the SDK (text/plain or application/json body)',
          requestBody: {
            content: {
              ...json('Batch'),
              'text/plain': { schema: { $ref: '#/components/schemas/Batch' } },
            },
          },
          responses: {
            '202': { description: 'Stored durably; `rejected` names any events refused' },
            ...errors(400, 403, 408, 413, 429, 503),
          },
        },
      },
      '/api/v1/crm': {
        post: {
          summary: 'The sales log from a CRM; CSV at /api/v1/crm/csv',
          security: bearer,
          requestBody: { content: json('CrmRecords') },
          responses: {
            '202': { description: 'Kept; `rejected` names refused records' },
            ...errors(400, 401, 403, 408, 413, 503),
          },
        },
      },
      '/api/v1/costs': {
        post: {
          summary: 'Campaign spend; CSV at /api/v1/costs/csv',
          security: bearer,
          requestBody: { content: json('Costs') },
          responses: {
            '202': { description: 'Kept; `rejected` names refused rows' },
            ...errors(400, 401, 403, 408, 413, 503),
          },
        },
      },
      '/api/v1/crm/csv': csvUpload('The sales log as CSV: a header line, then a record a line'),
      '/api/v1/costs/csv': csvUpload('Campaign spend as CSV: a header line, then a row a line'),
      '/api/v1/leads/decision': {
        post: {
          summary:
            'Sales accepts, rejects (with a reason) or reassigns a lead: a sales-log record (sales or admin key)',
          security: bearer,
          requestBody: { content: json('Decision') },
          responses: {
            '202': {
              description: 'Kept: `{ accepted: 1, recordId }`; in the marts after the next build',
            },
            ...errors(400, 401, 403, 408, 413, 503),
          },
        },
      },
      '/api/v1/erase': {
        post: {
          summary: 'Erase one person by email or anonymous_id',
          security: bearer,
          requestBody: { content: json('Erasure') },
          responses: { '200': { description: 'Receipt' }, ...errors(400, 401, 403, 408, 413, 503) },
        },
      },
      '/api/v1/links': {
        post: {
          summary: 'Signed open-pixel and click links for an email',
          security: bearer,
          requestBody: { content: json('LinkRequest') },
          responses: {
            '200': { description: '{ open, click }' },
            ...errors(400, 401, 403, 404, 408, 413),
          },
        },
      },
      '/o/{token}.gif': {
        get: {
          summary: 'Email open pixel',
          responses: { '200': { description: 'image/gif' }, ...errors(503) },
        },
      },
      '/c/{token}': {
        get: {
          summary: 'Email click: redirects to its signed target',
          responses: { '302': { description: 'redirect' }, ...errors(404) },
        },
      },
      '/v/{version}/lh.js': {
        get: {
          summary: 'That exact build of the SDK, cached for good; 404 for another version',
          responses: {
            '200': { description: 'JavaScript' },
            '404': { description: 'not this build' },
          },
        },
      },
      '/lh.js': {
        get: {
          summary: 'The SDK for the script tag, brotli or gzip by Accept-Encoding',
          responses: {
            '200': { description: 'JavaScript' },
            '304': { description: 'not modified' },
          },
        },
      },
      '/healthz': {
        get: { summary: 'The process serves', responses: { '200': { description: 'ok' } } },
      },
      '/readyz': {
        get: {
          summary: 'Events can be taken now',
          responses: { '200': { description: 'ready' }, ...errors(503) },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document (read or admin key)',
          security: bearer,
          responses: { '200': { description: 'OpenAPI 3.1' }, ...errors(401, 403) },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics (admin key, unless metrics.public is set)',
          security: bearer,
          responses: { '200': { description: 'text/plain' }, ...errors(401, 403) },
        },
      },
      '/api/v1/models/run': {
        post: {
          summary: 'Build the models now',
          security: bearer,
          responses: { '200': { description: 'Results per model' }, ...errors(401, 403, 500) },
        },
      },
      '/api/v1/alerts': {
        get: {
          summary:
            'The alert outbox (issue #24), newest first: each alert and its deliveries; ?state=pending|delivered|dead, ?limit=1..1000',
          security: bearer,
          responses: { '200': { description: '{ alerts: [...] }' }, ...errors(400, 401, 403) },
        },
      },
      '/api/v1/alerts/resend': {
        post: {
          summary:
            'Resend a dead letter: its dead destinations back to pending, attempts reset, same alert_id (admin key)',
          security: bearer,
          requestBody: { content: json('AlertResend') },
          responses: {
            '200': { description: '{ alert_id, state: "pending", resent: [destinations] }' },
            ...errors(400, 401, 403, 404, 408, 409, 413),
          },
        },
      },
      ...readApiPaths(),
    },
  }
}

/** `GET /openapi.json`. */
export function openApiRoutes(): Hono {
  const document = openApiDocument()
  return new Hono().get('/openapi.json', (c) => c.json(document))
}
