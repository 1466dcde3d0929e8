/**
 * Fresher marts on the real engine and the real models: a scheduled tick with nothing new
 * builds nothing and costs a query, a new event makes the next tick build, `/readyz` reports
 * stale marts, and `/metrics` the builds.
 */
import { randomUUID } from 'node:crypto'
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import type { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openAccess } from './access/access.js'
import { createApp } from './app.js'
import { configFromEnv } from './config.js'
import { createMetrics } from './metrics.js'
import { registerModelsMetrics } from './models-metrics.js'
import { createModelsScheduler, type ModelsScheduler } from './models-scheduler.js'
import { Spool } from './spool/spool.js'
import { refusedLineKeeper, spooledEventStore, warehouseInserter } from './storage/event-store.js'
import { newestModelledAt, rawTablesVersion } from './storage/freshness.js'
import { AS_ADMIN, SECRET_KEY } from './test-app.js'

const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('scheduled builds with nothing new', () => {
  let warehouse: Awaited<ReturnType<typeof openTemporaryWarehouse>>
  let spool: Spool
  let models: ModelsScheduler
  let app: Hono
  /** Added to the clock the scheduler and /readyz read: time passing without waiting for it. */
  let skewMs = 0
  const now = () => Date.now() + skewMs

  beforeAll(async () => {
    warehouse = await openTemporaryWarehouse()
    await migrate(warehouse)
    spool = await Spool.open({
      dir: temporaryDataDir(),
      insert: warehouseInserter(warehouse),
      setAside: refusedLineKeeper(warehouse),
    })
    const config = {
      ...configFromEnv({}),
      sites: [{ id: 'acme', origins: [] }],
      modelsStaleAfterMs: 600_000,
      adminKeys: [SECRET_KEY],
      stateDir: temporaryDataDir(),
    }
    const metrics = createMetrics(() => spool)
    const modelsMetrics = registerModelsMetrics(metrics.registry, () => models.status(), now)
    models = createModelsScheduler(
      () => buildModels({ warehouse }),
      () => {},
      {
        probe: () => rawTablesVersion(warehouse),
        newestModelled: () => newestModelledAt(warehouse),
        now,
        onOutcome: modelsMetrics.count,
      },
    )
    app = createApp({
      config,
      warehouse,
      store: spooledEventStore(spool),
      models,
      sdkScript: { code: '/* sdk */', version: '0123456789abcdef' },
      dashboard: { html: '<html></html>', script: '' },
      metrics,
      access: openAccess(config),
      spool,
      notAccepting: () => spool.refusal(),
    })
  })
  afterEach(() => {
    skewMs = 0
  })
  afterAll(async () => {
    await models.stop()
    await spool.close()
    await warehouse.close()
  })

  /** Posts a pageview through `POST /e` and waits until the warehouse holds it. */
  async function visit(): Promise<string> {
    const id = randomUUID()
    const response = await app.request('/e', {
      method: 'POST',
      headers: { 'user-agent': CHROME },
      body: JSON.stringify({
        s: 'acme',
        e: [
          {
            i: id,
            t: 'pageview',
            ts: Date.now(),
            a: 'fresh-visitor',
            u: 'https://acme.test/',
            p: '/',
          },
        ],
      }),
    })
    expect(response.status).toBe(202)
    expect(await spool.drain()).toBe(true)
    return id
  }

  async function metric(name: string): Promise<number> {
    const text = await (await app.request('/metrics', { headers: AS_ADMIN })).text()
    const line = text.split('\n').find((l) => l.startsWith(`${name} `))
    expect(line, `${name} in /metrics`).toBeDefined()
    return Number(line?.split(' ')[1])
  }

  it('is ready on an empty install, however long it has not built', async () => {
    skewMs = 3_600_000
    const response = await app.request('/readyz')
    expect(await response.json()).toEqual({ status: 'ready' })
    expect(await metric('leadhouse_models_newest_event_age_seconds')).toBeNaN()
  })

  it('reports stale marts on /readyz once new rows wait beyond the threshold', async () => {
    await visit()
    expect((await app.request('/readyz')).status).toBe(200)
    skewMs = 601_000
    const stale = await app.request('/readyz')
    expect(stale.status).toBe(503)
    const { status, reason } = (await stale.json()) as { status: string; reason: string }
    expect(status).toBe('unavailable')
    // 601 s and the real time since the scheduler was made.
    const match =
      /^the marts are stale: rows have arrived since the collector started, with no successful build since, (\d+) s ago \(stale after 600 s\)$/.exec(
        reason,
      )
    expect(match, reason).not.toBeNull()
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(601)
    expect(Number(match?.[1])).toBeLessThan(700)
  })

  it('builds at a tick with new rows, skips one with nothing new at the cost of a query', async () => {
    const started = performance.now()
    expect(await models.tick()).toBe('success')
    const buildMs = performance.now() - started
    expect((await app.request('/readyz')).status).toBe(200)
    expect(await rows(warehouse, 'SELECT count() AS n FROM leadhouse.activity_log')).toEqual([
      { n: '1' },
    ])

    const cpu = process.cpuUsage()
    const idleStarted = performance.now()
    expect(await models.tick()).toBe('skipped_unchanged')
    const idleMs = performance.now() - idleStarted
    const used = process.cpuUsage(cpu)
    const idleCpuMs = (used.user + used.system) / 1000
    expect(idleMs, `an idle tick against a build of ${Math.round(buildMs)} ms`).toBeLessThan(
      buildMs / 20,
    )
    expect(idleCpuMs).toBeLessThan(buildMs / 20)

    const id = await visit()
    expect(await models.tick()).toBe('success')
    expect(
      await rows(
        warehouse,
        'SELECT count() AS n FROM leadhouse.activity_log WHERE event_id = {id:UUID}',
        { id },
      ),
    ).toEqual([{ n: '1' }])
    expect(await models.tick()).toBe('skipped_unchanged')
  })

  it('exposes the builds, their outcome and the age of the newest modelled event', async () => {
    const text = await (await app.request('/metrics', { headers: AS_ADMIN })).text()
    expect(text).toContain('leadhouse_models_builds_total{outcome="success"} 2')
    expect(text).toContain('leadhouse_models_builds_total{outcome="skipped_unchanged"} 2')
    expect(await metric('leadhouse_models_last_build_success')).toBe(1)
    expect(await metric('leadhouse_models_last_build_seconds')).toBeGreaterThan(0)
    const ended = await metric('leadhouse_models_last_build_timestamp_seconds')
    expect(Math.abs(ended - Date.now() / 1000)).toBeLessThan(120)
    const age = await metric('leadhouse_models_newest_event_age_seconds')
    expect(age).toBeGreaterThan(0)
    expect(age).toBeLessThan(120)
    skewMs = 60_000
    expect(await metric('leadhouse_models_newest_event_age_seconds')).toBeGreaterThan(age + 59)
  })
})
