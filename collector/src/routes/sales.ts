/**
 * Sales feedback (#24): `GET /api/v1/me` (who the request acts as: any dashboard role),
 * `GET /api/v1/queue` (the MQLs waiting for sales) and `POST /api/v1/leads/decision` (accept,
 * reject with a reason, reassign; sales or admin). A decision is written as the sales-log record
 * the CRM API writes for it, through that API's validation and spool, under the key's name.
 */
import type { DecisionResponse, MeResponse } from '@leadhouse/dashboards/api-types'
import { qualifiedName, type Warehouse } from '@leadhouse/warehouse'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError, spooled } from '../errors.js'
import { MAX_API_BODY_BYTES, readJsonRequest } from '../http/read-body.js'
import { crmRecordSchema, toCrmRow } from '../lib/import-schemas.js'
import { firstProblem } from '../lib/problems.js'
import { decisionRecord, decisionSchema } from '../lib/sales-decisions.js'
import type { EventStore } from '../storage/event-store.js'
import { parseQuery, wholeNumber } from './read/filters.js'
import { openMarts } from './read/marts.js'
import { queryQueue } from './read/queue.js'

export interface SalesRoutesOptions {
  warehouse: Warehouse
  store: EventStore
  /** Lets in any dashboard role (read, sales, admin). */
  read: MiddlewareHandler
  /** Lets in sales and admin keys. */
  sales: MiddlewareHandler
}

export const queueQuery = z.object({
  mine: z.enum(['0', '1'], { error: 'must be 1 (only my leads) or 0 (all)' }).default('0'),
  page: wholeNumber(1, 100_000).default(1),
  pageSize: wholeNumber(1, 200).default(50),
})

export function salesRoutes({ warehouse, store, read, sales }: SalesRoutesOptions): Hono {
  const marts = openMarts(warehouse)
  const crmEvents = qualifiedName(warehouse.database, 'crm_events')
  return new Hono()
    .get('/api/v1/me', read, (c) => {
      const key = c.get('activeKey')
      return c.json({ role: key.role, name: key.name } satisfies MeResponse)
    })
    .get('/api/v1/queue', sales, async (c) => {
      const query = parseQuery(queueQuery, c.req.query())
      const owner = query.mine === '1' ? c.get('activeKey').name : undefined
      return c.json(await queryQueue(marts, crmEvents, { ...query, owner }))
    })
    .post('/api/v1/leads/decision', sales, async (c) => {
      const parsed = decisionSchema.safeParse(await readJsonRequest(c, MAX_API_BODY_BYTES))
      if (!parsed.success) {
        const { code, message, field } = firstProblem(parsed.error, 'invalid_decision')
        throw new ApiError(400, code, message, field)
      }
      const key = c.get('activeKey')
      const receivedAt = Date.now()
      // The CRM API's own validation: what it would refuse from a CRM is refused here too.
      const record = crmRecordSchema.safeParse(
        decisionRecord(parsed.data, { name: key.name, keyId: key.id }, receivedAt),
      )
      if (!record.success) {
        const { code, message, field } = firstProblem(record.error, 'invalid_decision')
        throw new ApiError(400, code, message, field)
      }
      await spooled(store.insertRows('crm_events', [toCrmRow(record.data, receivedAt)]))
      return c.json({ accepted: 1, recordId: record.data.id } satisfies DecisionResponse, 202)
    })
}
