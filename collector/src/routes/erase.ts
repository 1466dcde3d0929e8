import type { Warehouse } from '@leadhouse/warehouse'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError } from '../errors.js'
import { firstProblem } from '../lib/problems.js'
import { MAX_API_BODY_BYTES, readJsonRequest } from '../lib/read-body.js'
import type { Spool } from '../spool/spool.js'
import { erasePerson } from '../warehouse/erase.js'

export const erasureSchema = z
  .strictObject({
    email: z.email('must be an email address').optional(),
    anonymous_id: z.string().min(1).max(64).optional(),
  })
  .refine((request) => request.email || request.anonymous_id, {
    message: 'name an email or an anonymous_id',
  })

export interface EraseRoutesOptions {
  warehouse: Warehouse
  spool: () => Spool | undefined
  authorize: MiddlewareHandler
}

/**
 * `POST /api/v1/erase`: GDPR erasure of one person by email or anonymous id, across raw tables
 * and marts. What the spool still holds is written first, so nothing of theirs arrives after.
 * Answers with a receipt of what was removed.
 */
export function eraseRoutes({ warehouse, spool, authorize }: EraseRoutesOptions): Hono {
  // One erasure at a time: each runs mutations over every table.
  let running: Promise<unknown> = Promise.resolve()
  return new Hono().post('/api/v1/erase', authorize, async (c) => {
    const request = erasureSchema.safeParse(await readJsonRequest(c, MAX_API_BODY_BYTES))
    if (!request.success) {
      const problem = firstProblem(request.error, 'invalid_erasure')
      throw new ApiError(400, problem.code, problem.message, problem.field || undefined)
    }
    const erase = running.then(async () => {
      // Erasing while some of the person's events wait in the spool would let them arrive after.
      if ((await spool()?.drain()) === false)
        throw new ApiError(
          503,
          'unavailable',
          'events waiting in the spool could not be written to the warehouse: retry the erasure later',
          undefined,
          { 'retry-after': '30' },
        )
      return erasePerson(warehouse, {
        email: request.data.email,
        anonymousId: request.data.anonymous_id,
      })
    })
    running = erase.catch(() => undefined)
    return c.json(await erase)
  })
}
