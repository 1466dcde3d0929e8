import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { dashboardAssets } from '@leadhouse/dashboards'
import { buildModels } from '@leadhouse/models'
import { openWarehouse, type Warehouse } from '@leadhouse/warehouse'
import { migrate } from '@leadhouse/warehouse/raw'
import { type Access, generateFirstKeys, openAccess } from './access/access.js'
import { createKey, keysFile, type Role, readKeys } from './access/keys.js'
import { OneTimeLogins } from './access/one-time-logins.js'
import { registerAlertMetrics } from './alerts/alert-metrics.js'
import { warehouseAlertSource } from './alerts/alert-source.js'
import { Deliverer } from './alerts/deliverer.js'
import { createSenders } from './alerts/senders.js'
import { createApp } from './app.js'
import { type CollectorConfig, ConfigError } from './config.js'
import { openCountryDatabase } from './country-database.js'
import { readDemoMark } from './demo/demo-directory.js'
import { createMetrics } from './metrics.js'
import { registerModelsMetrics } from './models-metrics.js'
import { createModelsScheduler, type ModelsScheduler } from './models-scheduler.js'
import { notReadyReason } from './readiness.js'
import { loadSdkScript } from './routes/sdk.js'
import { adoptLegacySpool, bindSpool } from './spool/binding.js'
import { Spool } from './spool/spool.js'
import { analystEngineFor, serveSqlPort } from './sql/sql-server.js'
import { refusedLineKeeper, spooledEventStore, warehouseInserter } from './storage/event-store.js'
import { newestModelledAt, rawTablesVersion } from './storage/freshness.js'
import { warehouseId } from './storage/installation.js'

export interface RunningCollector {
  /** Base URL it listens on, e.g. `http://127.0.0.1:8787`. */
  url: string
  /** The SQL endpoint's own port's URL, when `LEADHOUSE_SQL_PORT` sets one. */
  sqlUrl?: string | undefined
  warehouse: Warehouse
  /** The durable spool between `POST /e` and the warehouse. */
  spool: Spool
  /** Version of the SDK served, for the pinned path `/v/<version>/lh.js`. */
  sdkVersion: string
  models: ModelsScheduler
  /** Alert delivery: the outbox and its loop (issue #24). */
  deliverer: Deliverer
  /** The keys: where the file is, how many are active, and those this start made (shown once). */
  keys: StartKeys
  /**
   * A demo's collector only: a new one-time link that logs a browser in with a read key and
   * sends it on to the dashboard, good once, in this process only.
   */
  loginLink?: () => string
  /** Stops accepting, drains the spool, waits for a model build under way, closes the warehouse. */
  close(): Promise<void>
}

export interface StartKeys {
  file: string
  active: Record<Role, number>
  /** The first start on a data directory without keys makes an admin and a read key. */
  generated?: { admin: string; read: string } | undefined
}

export interface StartCollectorOptions {
  config: CollectorConfig
  log?: (line: string) => void
  /**
   * Started by `pnpm demo`: one-time login links (`loginLink`). Refused unless the data directory
   * is marked as a demo's (see demo/demo-directory.ts): no configuration turns them on, and no
   * real installation's directory has the mark.
   */
  demo?: boolean
}

/**
 * Opens the warehouse, applies migrations, and serves the collector. The same process runs
 * the scheduled model builds: the embedded engine binds its data directory to one process.
 */
export async function startCollector({
  config,
  log = console.log,
  demo = false,
}: StartCollectorOptions): Promise<RunningCollector> {
  if (demo && !readDemoMark(config.stateDir))
    throw new ConfigError(
      `one-time login links are for a demo's data directory only, and ${config.dataDir} is none`,
    )
  const sdkScript = loadSdkScript()
  const countries = config.countryDatabase
    ? await openCountryDatabase(config.countryDatabase, { log }).catch((error: Error) => {
        throw new ConfigError(`LEADHOUSE_COUNTRY_DB (countryDatabase): ${error.message}`)
      })
    : undefined
  const warehouse = await openWarehouse(config.warehouse)
  let access: Access
  try {
    await migrate(warehouse)
    // The spool's events were acknowledged for one warehouse: bind it, refuse another's.
    const owner = { id: await warehouseId(warehouse), description: warehouse.description }
    if (config.spoolDirIsDefault)
      await adoptLegacySpool({ dir: config.spoolDir, dataDir: config.dataDir, owner, log })
    await bindSpool(config.spoolDir, owner, log)
    // A broken keys file stops the start, naming the file.
    access = openAccess(config, { log })
    if (demo) access.oneTimeLogins = new OneTimeLogins()
  } catch (error) {
    countries?.close()
    await warehouse.close()
    throw error
  }
  let spool: Spool | undefined
  const metrics = createMetrics(() => spool)
  const keepRefusedLines = refusedLineKeeper(warehouse, metrics)
  spool = await Spool.open({
    dir: config.spoolDir,
    insert: warehouseInserter(warehouse),
    setAside: async (tag, refused, token) => {
      await keepRefusedLines(tag, refused, token)
      for (const { reason } of refused)
        log(`spool: the warehouse refused a row, kept in rejected_events: ${reason.split('\n')[0]}`)
    },
    maxBytes: config.spoolMaxBytes,
    onFlush: (result) => {
      if ('error' in result) {
        metrics.warehouseErrors.inc()
        log(`spool: the warehouse refused a flush, will retry: ${String(result.error)}`)
      } else {
        metrics.flushSeconds.observe(result.seconds)
        metrics.flushedRows.inc(result.rows)
      }
    },
  })

  /** Where the server listens, known once it does. */
  let url = ''
  const modelsMetrics = registerModelsMetrics(metrics.registry, () => models.status())
  const alertSource = warehouseAlertSource(warehouse)
  const senders = createSenders({
    config: config.alerts,
    baseUrl: () => config.publicUrl ?? url,
    ownerAddress: async (owner) => config.alerts.owners[owner] ?? alertSource.ownerAddress(owner),
  })
  let deliverer: Deliverer | undefined
  const alertMetrics = registerAlertMetrics(metrics.registry, () => deliverer?.pending() ?? 0)
  deliverer = await Deliverer.open({
    dir: join(config.stateDir, 'outbox'),
    config: config.alerts,
    source: alertSource,
    send: senders.send,
    metrics: alertMetrics,
    log,
  })
  const outbox = deliverer
  /** After a build, its alerts go into the outbox, while no other build runs. */
  const collectAlerts = () => {
    void models
      .exclusive(() => outbox.collect())
      .catch((error: unknown) =>
        log(
          `alerts: reading the alerts mart failed, tried again after the next build: ${String(error)}`,
        ),
      )
  }
  const models: ModelsScheduler = createModelsScheduler(
    () =>
      buildModels({ warehouse }).then((result) => {
        collectAlerts()
        return result
      }),
    log,
    {
      probe: () => rawTablesVersion(warehouse),
      newestModelled: () => newestModelledAt(warehouse),
      refreshMs: config.modelsRefreshMs,
      onOutcome: modelsMetrics.count,
    },
  )
  const analysts = analystEngineFor(warehouse, config.sql)
  const app = createApp({
    analysts,
    config,
    warehouse,
    store: spooledEventStore(spool),
    models,
    sdkScript,
    dashboard: dashboardAssets(),
    metrics,
    access,
    spool,
    country: countries?.lookup,
    notAccepting: notReadyReason(spool, { insertFailureMs: config.readyInsertFailureMs }),
    url: () => url,
    deliverer: () => outbox,
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        // Slow clients: the whole request within requestTimeoutMs, checked every second.
        serverOptions: {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.requestTimeoutMs, 5000),
          connectionsCheckingInterval: Math.min(config.requestTimeoutMs, 1000),
        },
      },
      () => resolve(listening),
    )
    listening.once('error', reject)
  }).catch(async (error: unknown) => {
    countries?.close()
    await spool.close()
    await warehouse.close()
    const code = error instanceof Error && 'code' in error ? String(error.code) : ''
    throw code === 'EADDRINUSE'
      ? new Error(`port ${config.port} on ${config.host} is already in use: set PORT`)
      : error
  })
  const { port } = server.address() as AddressInfo
  url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  const sqlServer = await serveSqlPort(config, access, analysts, log).catch(async (error) => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await spool.close()
    analysts?.close()
    await warehouse.close()
    throw error
  })
  models.start(config.modelsIntervalMs)
  // What an earlier process left pending goes out now; alerts the last build decided that a
  // crash kept from the outbox are read again.
  outbox.start()
  collectAlerts()
  // Made only once the collector serves: keys made by a start that then failed would never be
  // shown, and the next start would find them and show nothing.
  const generated = generateFirstKeys(config, access)
  const { oneTimeLogins } = access
  return {
    url,
    warehouse,
    spool,
    sqlUrl: sqlServer?.url,
    sdkVersion: sdkScript.version,
    models,
    deliverer: outbox,
    keys: {
      file: keysFile(config.stateDir),
      active: access.keys.count(),
      generated,
    },
    ...(oneTimeLogins && {
      loginLink: () =>
        `${url}/login/once/${oneTimeLogins.create(demoReadKey(config.stateDir, access))}`,
    }),
    async close() {
      // Stop taking requests, then get what they left into the warehouse, then close it.
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await sqlServer?.close()
      await spool.close()
      await models.stop()
      await outbox.stop()
      senders.close()
      analysts?.close()
      await warehouse.close()
      countries?.close()
    },
  }
}

/** The id of the demo's read key for its links: the first start's, or one made for them. */
function demoReadKey(stateDir: string, access: Access): string {
  const file = keysFile(stateDir)
  const found = readKeys(file)?.find((key) => key.role === 'read' && !key.revoked)
  if (found) return found.id
  const { record } = createKey(file, 'read', "for the demo's login links")
  access.keys.reload()
  return record.id
}
