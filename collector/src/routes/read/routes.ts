import {
  ClickHouseCode,
  qualifiedName,
  toClickHouseError,
  type Warehouse,
} from '@leadhouse/warehouse'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError } from '../../errors.js'
import { fieldPath } from '../../lib/problems.js'

const activityQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

/** Read API behind the dashboard. */
export function readRoutes(warehouse: Warehouse, authorize: MiddlewareHandler): Hono {
  const activityLog = qualifiedName(warehouse.database, 'activity_log')
  return new Hono().get('/api/v1/activity', authorize, async (c) => {
    const query = activityQuery.safeParse(c.req.query())
    if (!query.success) {
      const [issue] = query.error.issues
      const field = fieldPath(issue?.path ?? [])
      throw new ApiError(400, 'invalid_query', `${field}: ${issue?.message}`, field)
    }
    try {
      const result = await warehouse.client.query({
        query: `SELECT ts, anonymous_id, path, referrer, previous_path, seq
FROM ${activityLog} ORDER BY ts DESC, event_id LIMIT {limit:UInt32}`,
        query_params: { limit: query.data.limit },
        format: 'JSONEachRow',
      })
      return c.json({ rows: await result.json() })
    } catch (error) {
      // Before the first model build there is no activity log yet: that is an empty log.
      if (toClickHouseError(error)?.code === ClickHouseCode.UNKNOWN_TABLE)
        return c.json({ rows: [] })
      throw error
    }
  })
}
