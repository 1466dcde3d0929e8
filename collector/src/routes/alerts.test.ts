import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import type { AlertResendResponse, AlertsResponse } from '@leadhouse/dashboards/api-types'
import { Hono, type MiddlewareHandler } from 'hono'
import { Registry } from 'prom-client'
import { afterAll, describe, expect, it } from 'vitest'
import { registerAlertMetrics } from '../alerts/alert-metrics.js'
import { DEFAULT_ALERTS } from '../alerts/alerts-config.js'
import { Deliverer } from '../alerts/deliverer.js'
import { DeliveryError } from '../alerts/senders.js'
import { memorySource, testAlert } from '../alerts/testing.js'
import { ApiError, handleError } from '../errors.js'
import { alertRoutes } from './alerts.js'

const dir = mkdtempSync(join(tmpdir(), 'lh-outbox-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Lets in the bearer tokens named `roles` (the app's `requireRole` stands in for this). */
function role(...roles: string[]): MiddlewareHandler {
  return async (c, next) => {
    const token = c.req.header('authorization')?.replace(/^Bearer /, '') ?? ''
    if (!token) throw new ApiError(401, 'unauthorized', 'needs a key')
    if (!roles.includes(token)) throw new ApiError(403, 'forbidden', `not for ${token}`)
    return next()
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; !check(); tries++) {
    if (tries > 500) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('/api/v1/alerts on a real HTTP server', async () => {
  let refusing = true
  const sent: string[] = []
  const registry = new Registry()
  const deliverer = await Deliverer.open({
    dir,
    config: {
      ...DEFAULT_ALERTS,
      maxAttempts: 1,
      owners: {},
      destinations: { emea: { slack: { url: 'http://127.0.0.1:1/x' } } },
    },
    source: memorySource([
      testAlert(),
      testAlert({ alertId: 'no-team', team: 'apac' }),
      testAlert({ alertId: 'later', email: 'joe@acme.test' }),
    ]),
    metrics: registerAlertMetrics(registry, () => 0),
    send: async (_kind, _destination, alert) => {
      if (refusing) throw new DeliveryError('receiver refused')
      sent.push(alert.alertId)
    },
  })
  deliverer.start()
  await deliverer.collect()
  await until(() => deliverer.pending() === 0)
  const app = new Hono()
    .route(
      '/',
      alertRoutes(() => deliverer, { read: role('sales', 'admin'), resend: role('admin') }),
    )
    .onError(handleError)
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  afterAll(async () => {
    await deliverer.stop()
    await new Promise((resolve) => server.close(resolve))
  })
  const get = (query = '', as = 'sales') =>
    fetch(`${url}/api/v1/alerts${query}`, { headers: { authorization: `Bearer ${as}` } })
  const resend = (body: string, as = 'admin') =>
    fetch(`${url}/api/v1/alerts/resend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
      body,
    })

  it('lists the dead letters with their last error, per destination', async () => {
    const response = await get('?state=dead')
    expect(response.status).toBe(200)
    const { alerts } = (await response.json()) as AlertsResponse
    expect(alerts.map((alert) => alert.alert_id).sort()).toEqual(['a1b2c3', 'later', 'no-team'])
    const slack = alerts.find((alert) => alert.alert_id === 'a1b2c3')?.deliveries
    expect(slack?.slack).toMatchObject({
      state: 'dead',
      attempts: 1,
      next_attempt_at: null,
      last_error: 'receiver refused',
    })
    const none = alerts.find((alert) => alert.alert_id === 'no-team')?.deliveries
    expect(none?.none?.last_error).toMatch(/no destination for team "apac"/)
  })

  it('refuses an unknown state or limit, naming the field, and a request without the role', async () => {
    const bad = await get('?state=lost')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { field: 'state' } })
    expect((await get('?limit=0')).status).toBe(400)
    expect((await fetch(`${url}/api/v1/alerts`)).status).toBe(401)
  })

  it('refuses a resend that is not a dead letter’s, naming the field, and one from sales', async () => {
    for (const body of ['{}', '{"alert_id":""}', '{"alert_id":7}', '{"alert_id":"x","y":1}']) {
      const refused = await resend(body)
      expect(refused.status, body).toBe(400)
      expect(((await refused.json()) as { error: { field: string } }).error.field, body).toBe(
        body.includes('"y"') ? '' : 'alert_id',
      )
    }
    const unknown = await resend('{"alert_id":"nope"}')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_alert' } })
    // No destination for its team yet: resending would only make it dead again.
    const nowhere = await resend('{"alert_id":"no-team"}')
    expect(nowhere.status).toBe(409)
    expect(await nowhere.json()).toMatchObject({ error: { code: 'no_destination' } })
    expect((await resend('{"alert_id":"a1b2c3"}', 'sales')).status).toBe(403)
    expect(deliverer.outbox.get('a1b2c3')?.deliveries.slack?.state).toBe('dead')
  })

  it('resends a dead letter: delivered with the same id, counted; 409 after', async () => {
    refusing = false
    const response = await resend('{"alert_id":"a1b2c3"}')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      alert_id: 'a1b2c3',
      state: 'pending',
      resent: ['slack'],
    } satisfies AlertResendResponse)
    await until(() => deliverer.outbox.get('a1b2c3')?.deliveries.slack?.state === 'delivered')
    expect(sent).toEqual(['a1b2c3'])
    expect(deliverer.outbox.get('a1b2c3')?.deliveries.slack).toMatchObject({ attempts: 1 })
    expect((await resend('{"alert_id":"a1b2c3"}')).status).toBe(409)
    expect(await registry.metrics()).toMatch(/leadhouse_alerts_resent_total\{kind="slack"\} 1/)
    const { alerts } = (await (await get('?state=dead')).json()) as AlertsResponse
    expect(alerts.map((alert) => alert.alert_id).sort()).toEqual(['later', 'no-team'])
  })
})
