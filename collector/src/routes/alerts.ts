import { Hono, type MiddlewareHandler } from 'hono'
import type { Deliverer } from '../alerts/deliverer.js'
import { entryState } from '../alerts/outbox.js'
import { ApiError } from '../errors.js'

const STATES = ['pending', 'delivered', 'dead'] as const
const MAX_LIMIT = 1000

/**
 * `GET /api/v1/alerts`: the outbox, newest first: each alert's state and, per destination, its
 * attempts, next attempt and last error. `?state=dead` lists the dead letters; `?limit=` (default
 * 100, at most 1000). Who may read it is the `authorize` the app passes (one place for roles).
 */
export function alertRoutes(
  deliverer: () => Deliverer | undefined,
  authorize: MiddlewareHandler,
): Hono {
  return new Hono().get('/api/v1/alerts', authorize, (c) => {
    const state = c.req.query('state')
    if (state !== undefined && !(STATES as readonly string[]).includes(state))
      throw new ApiError(400, 'invalid_query', `state must be one of ${STATES.join(', ')}`, 'state')
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
      .map((entry) => ({ entry, state: entryState(entry) }))
      .filter((item) => state === undefined || item.state === state)
      .sort((a, b) => b.entry.queuedAt - a.entry.queuedAt)
      .slice(0, limit)
      .map(({ entry, state }) => ({
        alert_id: entry.alert.alertId,
        state,
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
                delivery.state === 'pending'
                  ? new Date(delivery.nextAttemptAt).toISOString()
                  : null,
              delivered_at: delivery.deliveredAt
                ? new Date(delivery.deliveredAt).toISOString()
                : null,
              last_error: delivery.lastError ?? null,
            },
          ]),
        ),
      }))
    return c.json({ alerts })
  })
}
