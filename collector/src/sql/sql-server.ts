/**
 * The SQL endpoint's engine for a warehouse, and its optional port of its own, where it answers
 * at `/` as a ClickHouse server does (for tools that cannot be given a path).
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Warehouse } from '@leadhouse/warehouse'
import { Hono } from 'hono'
import type { Access } from '../access/access.js'
import type { CollectorConfig } from '../config.js'
import { clickHouseRoutes } from '../routes/clickhouse.js'
import { AnalystEngine } from './analyst-engine.js'
import type { SqlEndpointConfig } from './sql-config.js'

/** Undefined with a ClickHouse server: tools connect to the server. */
export function analystEngineFor(
  warehouse: Warehouse,
  config: SqlEndpointConfig,
): AnalystEngine | undefined {
  if (!warehouse.openSession) return undefined
  return new AnalystEngine({
    openSession: warehouse.openSession,
    database: config.database,
    limits: config.limits,
    maxConcurrent: config.maxConcurrent,
    maxQueued: config.maxQueued,
  })
}

/** Serves the endpoint on `config.sql.port`, if set; resolves once it listens. */
export async function serveSqlPort(
  config: CollectorConfig,
  access: Access,
  engine: AnalystEngine | undefined,
  log: (line: string) => void,
): Promise<{ url: string; close(): Promise<void> } | undefined> {
  if (config.sql.port === undefined) return undefined
  const app = new Hono().route('/', clickHouseRoutes({ access, engine, limits: config.sql.limits }))
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve(
      { fetch: app.fetch, port: config.sql.port, hostname: config.host },
      () => resolve(listening),
    )
    listening.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  log(`SQL endpoint (ClickHouse HTTP interface) at ${url}`)
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
