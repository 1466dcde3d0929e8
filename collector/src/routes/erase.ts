import type { Warehouse } from '@leadhouse/warehouse'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError } from '../errors.js'
import { MAX_API_BODY_BYTES, readJsonRequest } from '../http/read-body.js'
import { firstProblem } from '../lib/problems.js'
import type { ModelsScheduler } from '../models-scheduler.js'
import type { Spool } from '../spool/spool.js'
import { type EraseOptions, erasePerson } from '../storage/erase.js'

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
  /** Erasures run between model builds, never during one. */
  models: Pick<ModelsScheduler, 'exclusive'>
  authorize: MiddlewareHandler
  /** Passed to erasePerson (tests shorten the wait for the engine's cleanup). */
  erase?: EraseOptions
}

/** Seconds a client waits before retrying an erasure that could not complete. */
const RETRY_AFTER = '30'

/**
 * `POST /api/v1/erase`: GDPR erasure of one person by email or anonymous id, across raw tables
 * and marts. It runs while no model build does (a build under way finishes first; builds asked
 * for meanwhile wait for it), one erasure at a time. What the spool still holds is written first,
 * so nothing of theirs arrives after. Answers 200 with a receipt of what was removed, once the
 * person is gone from every table; an erasure that cannot complete is answered 503 with
 * Retry-After, and its retry completes it.
 */
export function eraseRoutes({
  warehouse,
  spool,
  models,
  authorize,
  erase: eraseOptions,
}: EraseRoutesOptions): Hono {
  return new Hono().post('/api/v1/erase', authorize, async (c) => {
    const request = erasureSchema.safeParse(await readJsonRequest(c, MAX_API_BODY_BYTES))
    if (!request.success) {
      const problem = firstProblem(request.error, 'invalid_erasure')
      throw new ApiError(400, problem.code, problem.message, problem.field || undefined)
    }
    // Its statements reach the node it talks to only: on a cluster they would erase the person
    // from that node's share of the rows and fail at the first Distributed table. Refused before
    // anything is deleted, rather than half done.
    if (warehouse.cluster !== undefined)
      throw new ApiError(
        501,
        'not_supported_on_cluster',
        `erasure is not supported on a ClickHouse cluster (${warehouse.cluster}) yet: see docs/operations.md#on-a-cluster for the statements to run`,
      )
    const receipt = await models.exclusive(async () => {
      // Erasing while some of the person's events wait in the spool would let them arrive after.
      let drained: boolean | undefined
      try {
        drained = await spool()?.drain()
      } catch (error) {
        drained = false
        console.error(`leadhouse: erasure: the spool could not be drained: ${messageOf(error)}`)
      }
      if (drained === false)
        throw new ApiError(
          503,
          'unavailable',
          'events waiting in the spool could not be written to the warehouse: retry the erasure later',
          undefined,
          { 'retry-after': RETRY_AFTER },
        )
      try {
        return await erasePerson(
          warehouse,
          { email: request.data.email, anonymousId: request.data.anonymous_id },
          eraseOptions,
        )
      } catch (error) {
        // Part of the person may be gone already; what is left is found again by a retry.
        console.error(`leadhouse: erasure incomplete: ${messageOf(error)}`)
        throw new ApiError(
          503,
          'erasure_incomplete',
          `the warehouse failed during the erasure, which is not complete: retry it (${messageOf(error).split('\n')[0]})`,
          undefined,
          { 'retry-after': RETRY_AFTER },
        )
      }
    })
    return c.json(receipt)
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
