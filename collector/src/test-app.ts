// Test support: the collector's app on a real embedded warehouse and a real spool, in-process.
import { buildModels } from '@leadhouse/models'
import type { Warehouse } from '@leadhouse/warehouse'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, temporaryDataDir } from '@leadhouse/warehouse/testing'
import type { Hono, MiddlewareHandler } from 'hono'
import { openAccess } from './access/access.js'
import type { Role } from './access/keys.js'
import { createApp } from './app.js'
import { type CollectorConfig, configFromEnv } from './config.js'
import { createMetrics } from './metrics.js'
import { requireRole } from './middleware/require-role.js'
import { createModelsScheduler } from './models-scheduler.js'
import { notReadyReason } from './readiness.js'
import { type InsertRows, Spool } from './spool/spool.js'
import { analystEngineFor } from './sql/sql-server.js'
import { refusedLineKeeper, spooledEventStore, warehouseInserter } from './storage/event-store.js'

/** The test app's admin key. */
export const SECRET_KEY = 'sk_test_0123456789abcdef'
/** The test app's read key. */
export const READ_TOKEN = 'rt_test_0123456789abcdef'

/** Headers of a request made with the admin key, e.g. for `/metrics`. */
export const AS_ADMIN = { authorization: `Bearer ${SECRET_KEY}` } as const

/**
 * Opens a migrated temporary warehouse and a spool, and composes the app on them with sites
 * `acme` (any origin) and `shop` (https://shop.test), the admin key SECRET_KEY, the read key
 * READ_TOKEN and a temporary state directory. Close it in `afterAll`.
 */
export async function openTestApp(
  overrides: Partial<CollectorConfig> = {},
  {
    wrapInsert = (insert) => insert,
  }: {
    /** Fault injection around the real warehouse insert the spool flushes with. */
    wrapInsert?: (insert: InsertRows) => InsertRows
  } = {},
) {
  const warehouse = await openTemporaryWarehouse()
  await migrate(warehouse)
  const config: CollectorConfig = {
    ...configFromEnv({}),
    sites: [
      { id: 'acme', origins: [] },
      { id: 'shop', origins: ['https://shop.test'] },
    ],
    adminKeys: [SECRET_KEY],
    readKeys: [READ_TOKEN],
    stateDir: temporaryDataDir(),
    ...overrides,
  }
  const spool = await Spool.open({
    dir: temporaryDataDir(),
    insert: wrapInsert(warehouseInserter(warehouse)),
    setAside: refusedLineKeeper(warehouse),
    maxBytes: config.spoolMaxBytes,
  })
  const app = composeTestApp(config, warehouse, spool)
  return {
    app,
    warehouse,
    spool,
    async close() {
      await spool.close()
      await warehouse.close()
    },
  }
}

/**
 * The app on a warehouse and spool the caller opened: for a test that needs a spool or sites of
 * its own beside its file's test app (the engine binds one data directory per process).
 */
export function composeTestApp(config: CollectorConfig, warehouse: Warehouse, spool: Spool): Hono {
  return createApp({
    analysts: analystEngineFor(warehouse, config.sql),
    config,
    warehouse,
    store: spooledEventStore(spool),
    models: createModelsScheduler(
      () => buildModels({ warehouse }),
      () => {},
    ),
    sdkScript: {
      code: '/* sdk */',
      version: '0123456789abcdef',
      extensions: [{ code: '/* forms */', version: 'fedcba9876543210', file: 'lh-forms.js' }],
    },
    dashboard: {
      html: '<html></html>',
      script: '',
      // One built file, `/dashboard/assets/x`, for the role tests to fetch.
      assets: new Map([
        [
          'x',
          {
            body: new TextEncoder().encode('/* app */'),
            contentType: 'text/javascript',
            encoded: {},
          },
        ],
      ]),
    },
    metrics: createMetrics(() => spool),
    access: openAccess(config),
    spool,
    notAccepting: notReadyReason(spool, { insertFailureMs: config.readyInsertFailureMs }),
  })
}

/** The middleware the app guards `role`'s endpoints with, knowing SECRET_KEY and READ_TOKEN. */
export function testAuthorize(role: Role): MiddlewareHandler {
  const access = openAccess({
    adminKeys: [SECRET_KEY],
    readKeys: [READ_TOKEN],
    stateDir: temporaryDataDir(),
    sessionTtlMs: 60_000,
  })
  return requireRole(access, role, { trustProxy: 0 })
}

/** A switch over the real warehouse insert (fault injection around the real client). */
export interface Faults {
  /** Every insert throws while set: the warehouse is unreachable. */
  failing: boolean
  /** Inserts tried, and refused while failing. */
  attempts: number
  refused: number
  /** The next n inserts succeed and then throw: their acknowledgement is lost. */
  afterInsertFailures: number
}

export function faultSwitch(failing = false): Faults {
  return { failing, attempts: 0, refused: 0, afterInsertFailures: 0 }
}

/** `insert`, failing as `faults` says. */
export function withFaults(insert: InsertRows, faults: Faults): InsertRows {
  return async (tag, lines, token) => {
    faults.attempts += 1
    if (faults.failing) {
      faults.refused += 1
      throw new Error('injected: the warehouse refuses inserts')
    }
    await insert(tag, lines, token)
    if (faults.afterInsertFailures > 0) {
      faults.afterInsertFailures -= 1
      throw new Error('injected: the acknowledgement was lost after the insert')
    }
  }
}
