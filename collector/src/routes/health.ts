import type { Warehouse } from '@leadhouse/warehouse'
import { Hono } from 'hono'
import type { Metrics } from '../metrics.js'

export interface HealthOptions {
  warehouse: Warehouse
  metrics: Metrics
  /** Why the collector cannot take events now, if it cannot (the spool is over budget). */
  notAccepting: () => string | undefined
  /** Why the marts are stale, if they are (see `ModelsScheduler.stale`). */
  stale?: () => Promise<string | undefined>
}

/**
 * `GET /healthz`: the process serves. `GET /readyz`: it can take events now (the warehouse
 * answers and the spool has room) and the marts are not stale. `GET /metrics`: Prometheus text
 * format.
 */
export function healthRoutes({ warehouse, metrics, notAccepting, stale }: HealthOptions): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const ping = await warehouse.client.ping()
      const reason = ping.success
        ? (notAccepting() ?? (await stale?.()))
        : `the warehouse does not answer: ${ping.error.message}`
      return reason ? c.json({ status: 'unavailable', reason }, 503) : c.json({ status: 'ready' })
    })
    .get('/metrics', async (c) => {
      c.header('content-type', metrics.registry.contentType)
      return c.body(await metrics.registry.metrics())
    })
}
