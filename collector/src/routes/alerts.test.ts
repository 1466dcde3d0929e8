import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_ALERTS } from '../alerts/alerts-config.js'
import { Deliverer } from '../alerts/deliverer.js'
import { DeliveryError } from '../alerts/senders.js'
import { memorySource, testAlert } from '../alerts/testing.js'
import { ApiError, handleError } from '../errors.js'
import { alertRoutes } from './alerts.js'

const dir = mkdtempSync(join(tmpdir(), 'lh-outbox-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('GET /api/v1/alerts', async () => {
  const deliverer = await Deliverer.open({
    dir,
    config: {
      ...DEFAULT_ALERTS,
      maxAttempts: 1,
      owners: {},
      destinations: { emea: { slack: { url: 'http://127.0.0.1:1/x' } } },
    },
    source: memorySource([testAlert(), testAlert({ alertId: 'no-team', team: 'apac' })]),
    send: async () => {
      throw new DeliveryError('receiver refused')
    },
  })
  deliverer.start()
  await deliverer.collect()
  await new Promise((resolve) => setTimeout(resolve, 100))
  const app = new Hono()
    .route(
      '/',
      alertRoutes(
        () => deliverer,
        async (c, next) => {
          if (c.req.header('authorization') !== 'Bearer admin')
            throw new ApiError(401, 'unauthorized', 'needs an admin key')
          return next()
        },
      ),
    )
    .onError(handleError)
  const get = (query = '') =>
    app.request(`/api/v1/alerts${query}`, { headers: { authorization: 'Bearer admin' } })

  it('lists the dead letters with their last error, per destination', async () => {
    const response = await get('?state=dead')
    expect(response.status).toBe(200)
    const { alerts } = (await response.json()) as { alerts: Record<string, unknown>[] }
    expect(alerts.map((alert) => alert.alert_id).sort()).toEqual(['a1b2c3', 'no-team'])
    const slack = alerts.find((alert) => alert.alert_id === 'a1b2c3')?.deliveries as Record<
      string,
      Record<string, unknown>
    >
    expect(slack.slack).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: 'receiver refused',
    })
    const none = alerts.find((alert) => alert.alert_id === 'no-team')?.deliveries as Record<
      string,
      Record<string, unknown>
    >
    expect(none.none?.last_error).toMatch(/no destination for team "apac"/)
  })

  it('refuses an unknown state or limit, naming the field, and a request without the role', async () => {
    const bad = await get('?state=lost')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { field: 'state' } })
    expect((await get('?limit=0')).status).toBe(400)
    expect((await app.request('/api/v1/alerts')).status).toBe(401)
    await deliverer.stop()
  })
})
