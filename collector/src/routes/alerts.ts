import type { AlertResendResponse, AlertRow, AlertsResponse } from '@leadhouse/dashboards/api-types'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import type { Deliverer } from '../alerts/deliverer.js'
import { entryState, type OutboxEntry } from '../alerts/outbox.js'
import { ApiError } from '../errors.js'
import { MAX_API_BODY_BYTES, readJsonRequest } from '../http/read-body.js'
import { firstProblem } from '../lib/problems.js'

const STATES = ['pending', 'delivered', 'dead'] as const
const MAX_LIMIT = 1000

export const resendSchema = z.strictObject({
  alert_id: z
    .string({ error: 'must be the alert_id of a dead letter (GET /api/v1/alerts?state=dead)' })
    .min(1, 'must not be empty')
    .max(1000, 'must be at most 1000 characters'),
})

export interface AlertRoutesOptions {
  /** Who may read the outbox (sales and admin). */
  read: MiddlewareHandler
  /** Who may resend a dead letter (admin). */
  resend: MiddlewareHandler
}

/**
 * `GET /api/v1/alerts`: the outbox, newest first: each alert's state and, per destination, its
 * attempts, next attempt and last error. `?state=dead` lists the dead letters; `?limit=` (default
 * 100, at most 1000). `POST /api/v1/alerts/resend` puts a dead letter's dead destinations back
 * to pending (404 for an unknown alert_id, 409 for one that is not dead). Who may do which is
 * what the app passes (one place for roles).
 */
export function alertRoutes(
  deliverer: () => Deliverer | undefined,
  authorize: AlertRoutesOptions,
): Hono {
  return new Hono()
    .get('/api/v1/alerts', authorize.read, (c) => {
      const state = c.req.query('state')
      if (state !== undefined && !(STATES as readonly string[]).includes(state))
        throw new ApiError(
          400,
          'invalid_query',
          `state must be one of ${STATES.join(', ')}`,
          'state',
        )
      const limitText = c.req.query('limit') ?? '100'
      const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : Number.NaN
      if (!(limit >= 1 && limit <= MAX_LIMIT))
        throw new ApiError(
          400,
          'invalid_query',
          `limit must be a number from 1 to ${MAX_LIMIT}`,
          'limit',
        )
      const entries = deliverer()?.outbox.all() ?? []
      const alerts = entries
        .filter((entry) => state === undefined || entryState(entry) === state)
        .sort((a, b) => b.queuedAt - a.queuedAt)
        .slice(0, limit)
        .map(alertRow)
      return c.json({ alerts } satisfies AlertsResponse)
    })
    .post('/api/v1/alerts/resend', authorize.resend, async (c) => {
      const parsed = resendSchema.safeParse(await readJsonRequest(c, MAX_API_BODY_BYTES))
      if (!parsed.success) {
        const { code, message, field } = firstProblem(parsed.error, 'invalid_resend')
        throw new ApiError(400, code, message, field)
      }
      const alertId = parsed.data.alert_id
      const sending = deliverer()
      const done = sending ? await sending.resend(alertId) : { outcome: 'unknown' as const }
      if (done.outcome === 'unknown')
        throw new ApiError(
          404,
          'unknown_alert',
          `alert_id: the outbox holds no alert ${JSON.stringify(alertId)}`,
          'alert_id',
        )
      if (done.outcome === 'not_dead')
        throw new ApiError(
          409,
          'not_dead',
          `alert_id: alert ${JSON.stringify(alertId)} is ${done.state}, not dead: only dead letters are resent`,
          'alert_id',
        )
      if (done.outcome === 'no_destination')
        throw new ApiError(409, 'no_destination', `alert_id: ${done.message}`, 'alert_id')
      return c.json({
        alert_id: alertId,
        state: 'pending',
        resent: done.resent,
      } satisfies AlertResendResponse)
    })
}

function alertRow(entry: OutboxEntry): AlertRow {
  return {
    alert_id: entry.alert.alertId,
    state: entryState(entry),
    email: entry.alert.email,
    trigger: entry.alert.trigger,
    owner: entry.alert.owner,
    team: entry.alert.team,
    triggered_at: entry.alert.triggeredAt,
    queued_at: new Date(entry.queuedAt).toISOString(),
    deliveries: Object.fromEntries(
      Object.entries(entry.deliveries).map(([kind, delivery]) => [
        kind,
        {
          state: delivery.state,
          attempts: delivery.attempts,
          next_attempt_at:
            delivery.state === 'pending' ? new Date(delivery.nextAttemptAt).toISOString() : null,
          delivered_at: delivery.deliveredAt ? new Date(delivery.deliveredAt).toISOString() : null,
          last_error: delivery.lastError ?? null,
        },
      ]),
    ),
  }
}
