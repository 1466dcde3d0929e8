import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { Readable } from 'node:stream'
import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  createClient,
  type ErrorLogParams,
  type Logger,
  type WarnLogParams,
} from '@clickhouse/client'
import { assertClusterName, CLUSTER_SETTINGS } from './cluster.js'
import { type ClientConnection, LeastBusy, pooledConnection } from './connection-pool.js'
import {
  type EngineSession,
  type EngineSettings,
  engineSession,
  settingsArguments,
} from './engine-session.js'
import { assertIdentifier, qualifiedName, quoteIdentifier } from './identifiers.js'

export interface WarehouseOptions {
  /** ClickHouse server URL (`http://host:8123`). Unset: the embedded engine. */
  url?: string | undefined
  username?: string | undefined
  password?: string | undefined
  /** Database holding Leadhouse's tables. Default `leadhouse`. */
  database?: string | undefined
  /** Data directory of the embedded engine. Default `.leadhouse/data`. */
  dataDir?: string | undefined
  /**
   * A cluster of the server's `remote_servers`: the migrations and the models then create their
   * tables on it (see cluster.ts). Needs `url`.
   */
  cluster?: string | undefined
}

export interface Warehouse {
  readonly client: ClickHouseClient
  /** Validated database name: safe to splice into SQL through `qualifiedName`. */
  readonly database: string
  /** The cluster tables are created on (validated); undefined on a single node or embedded. */
  readonly cluster?: string | undefined
  /** For logs: where the data lives, without credentials. */
  readonly description: string
  /**
   * Inserts rows already encoded, one per line, as they are: never parsed, encoded or copied
   * into a JavaScript string again. A server receives the bytes as the request's body; the
   * embedded engine reads them in place, off the event loop. (Through `client`, an insert
   * becomes one string with its statement, which the embedded engine then copies on the event
   * loop; the cost measured is in docs/performance.md.)
   */
  insertEncoded(insert: EncodedInsert): Promise<void>
  /**
   * The embedded engine only (undefined with a server): a connection of its own, whose
   * `settings` hold for every query on it (the SQL endpoint's `readonly=1` and limits).
   */
  readonly openSession?: ((settings: EngineSettings) => EngineSession) | undefined
  close(): Promise<void>
}

export interface EncodedInsert {
  /** A table of the warehouse's database. */
  table: string
  /** The columns each line holds, in order; default all of the table's. */
  columns?: readonly string[] | undefined
  format: 'JSONEachRow' | 'JSONCompactEachRow'
  /** The rows, each ending with a newline. */
  lines: Buffer
  settings?: Record<string, string | number> | undefined
}

/** The warehouse could not be opened; `message` is one line meant for the user. */
export class WarehouseUnavailableError extends Error {
  override name = 'WarehouseUnavailableError'
}

/**
 * Settings both modes share, so results never depend on which one is in use. The server
 * quotes 64-bit integers in JSON by default and chDB does not: quoted, they stay exact.
 */
const CLICKHOUSE_SETTINGS = { output_format_json_quote_64bit_integers: 1 } as const

/**
 * The embedded engine's background pool at a ClickHouse server's default size. chDB starts it
 * with 2 threads (4 tasks), and a DELETE or ALTER ... DELETE mutates every part of its table:
 * past 4 parts the rest wait for the scheduler's next turn, up to a second later, so even a
 * DELETE matching nothing takes many times as long (measured: docs/performance.md).
 */
const ENGINE_ARGUMENTS = ['--background_pool_size=16']

/**
 * Connections to the embedded engine, used as a pool: chDB runs one query at a time per
 * connection, a server many. Enough for a model runner's threads (4 by default), the flusher
 * and the dashboard at once; opening them costs a few milliseconds, not memory.
 */
const EMBEDDED_CONNECTIONS = 8

export const DEFAULT_DATABASE = 'leadhouse'
export const DEFAULT_DATA_DIR = '.leadhouse/data'

/**
 * Reads `CLICKHOUSE_URL`, `CLICKHOUSE_USER`, `CLICKHOUSE_PASSWORD`, `CLICKHOUSE_DATABASE`,
 * `CLICKHOUSE_CLUSTER`, `LEADHOUSE_DATA_DIR`.
 */
export function warehouseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WarehouseOptions {
  return {
    url: env.CLICKHOUSE_URL || undefined,
    username: env.CLICKHOUSE_USER || undefined,
    password: env.CLICKHOUSE_PASSWORD || undefined,
    database: env.CLICKHOUSE_DATABASE || undefined,
    cluster: env.CLICKHOUSE_CLUSTER || undefined,
    dataDir: env.LEADHOUSE_DATA_DIR || undefined,
  }
}

/**
 * Opens the warehouse and proves it answers, so that a wrong URL or an unusable data
 * directory is reported at start, in one line, rather than at the first insert.
 *
 * @example
 * const warehouse = await openWarehouse(warehouseOptionsFromEnv())
 * await warehouse.client.query({ query: 'SELECT 1' })
 */
export async function openWarehouse(options: WarehouseOptions = {}): Promise<Warehouse> {
  const database = assertIdentifier(options.database ?? DEFAULT_DATABASE, 'database')
  if (options.cluster !== undefined) {
    if (!options.url) {
      throw new WarehouseUnavailableError(
        `CLICKHOUSE_CLUSTER ${JSON.stringify(options.cluster)} needs CLICKHOUSE_URL: the embedded engine is one node`,
      )
    }
    try {
      assertClusterName(options.cluster, 'CLICKHOUSE_CLUSTER')
    } catch (error) {
      throw new WarehouseUnavailableError((error as Error).message)
    }
  }
  return options.url ? openServer(options.url, options, database) : openEmbedded(options, database)
}

async function openServer(
  url: string,
  options: WarehouseOptions,
  database: string,
): Promise<Warehouse> {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new WarehouseUnavailableError(
      `CLICKHOUSE_URL ${JSON.stringify(url)} is not an http(s) URL such as http://localhost:8123`,
    )
  }
  const where = `${parsed.protocol}//${parsed.host}`
  const settings = {
    url,
    username: options.username ?? 'default',
    password: options.password ?? '',
    request_timeout: 60_000,
    clickhouse_settings: options.cluster
      ? { ...CLICKHOUSE_SETTINGS, ...CLUSTER_SETTINGS }
      : CLICKHOUSE_SETTINGS,
  }
  // Probe with a silent client: the regular one logs a failed ping with a stack trace, and
  // an unreachable server at start deserves one line.
  const probe = createClient({ ...settings, log: { level: ClickHouseLogLevel.OFF } })
  const ping = await probe.ping().finally(() => probe.close())
  if (!ping.success) {
    throw new WarehouseUnavailableError(
      `cannot reach ClickHouse at ${where}: ${ping.error.message || ping.error.name}`,
    )
  }
  const client = createClient({ ...settings, log: { LoggerClass: OneLineLogger } })
  return {
    client,
    database,
    cluster: options.cluster,
    description: `ClickHouse at ${where}, database ${database}${options.cluster ? `, cluster ${options.cluster}` : ''}`,
    insertEncoded: async ({ table, columns, format, lines, settings }) => {
      const { stream } = await client.exec({
        query: `INSERT INTO ${qualifiedName(database, table)}${columns ? ` (${columns.map(quoteIdentifier).join(', ')})` : ''} FORMAT ${format}`,
        values: Readable.from([lines]),
        ...(settings ? { clickhouse_settings: settings } : {}),
      })
      stream.resume()
      await new Promise((resolve, reject) => stream.once('end', resolve).once('error', reject))
    },
    close: () => client.close(),
  }
}

async function openEmbedded(options: WarehouseOptions, database: string): Promise<Warehouse> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR)
  try {
    mkdirSync(dataDir, { recursive: true })
    if (!statSync(dataDir).isDirectory()) throw new Error('not a directory')
  } catch (error) {
    throw new WarehouseUnavailableError(
      `cannot use ${dataDir} as the data directory: ${reasonOf(error)}`,
    )
  }
  // Loaded only in embedded mode: the engine is a large native library.
  const { Session } = await import('chdb')
  const { createChdbConnection } = await import('chdb/connection')
  let client: ClickHouseClient
  let pool: LeastBusy<ReturnType<typeof createChdbConnection>>
  try {
    // The first connection to a directory starts the engine, with that connection's arguments;
    // createChdbConnection takes none. A session opened just before starts it with
    // ENGINE_ARGUMENTS, and the client's connections then share that engine.
    const starter = new Session(dataDir, { connectionArgs: ENGINE_ARGUMENTS })
    try {
      // chdb implements @clickhouse/client-common's Connection; @clickhouse/client bundles its
      // own copy of those types, which TypeScript sees as distinct though they are the same.
      pool = new LeastBusy(
        Array.from({ length: EMBEDDED_CONNECTIONS }, () => createChdbConnection({ path: dataDir })),
      )
      client = createClient({
        connection: pooledConnection(pool, (member) => member as unknown as ClientConnection),
        clickhouse_settings: CLICKHOUSE_SETTINGS,
      })
    } finally {
      starter.close()
    }
  } catch {
    const owner = dataDirectoryOwner(dataDir)
    throw new WarehouseUnavailableError(
      owner
        ? `the data directory ${dataDir} is in use by process ${owner}: stop it, or set LEADHOUSE_DATA_DIR to another directory`
        : `cannot open the embedded ClickHouse in ${dataDir} (the engine's reason is printed above)`,
    )
  }
  return {
    client,
    database,
    description: `embedded ClickHouse in ${dataDir}, database ${database}`,
    insertEncoded: async ({ table, columns, format, lines, settings }) => {
      await pool.run((connection) =>
        connection.chdb.rawInsert({
          table: `${database}.${assertIdentifier(table, 'table')}`,
          values: lines,
          format,
          ...(columns ? { columns } : {}),
          ...(settings ? { settings } : {}),
        }),
      )
    },
    openSession: (settings) =>
      engineSession(new Session(dataDir, { connectionArgs: settingsArguments(settings) })),
    close: () => client.close(),
  }
}

/** The client's warnings and errors as one line each, without the stack traces. */
class OneLineLogger implements Logger {
  trace() {}
  debug() {}
  info() {}
  warn({ module, message, err }: WarnLogParams) {
    console.warn(`leadhouse: ${module}: ${message}${err ? ` (${err.message})` : ''}`)
  }
  error({ module, message, err }: ErrorLogParams) {
    console.error(`leadhouse: ${module}: ${message} (${err.message})`)
  }
}

/**
 * The process holding the embedded engine's lock on `dataDir` (another than this one), if any:
 * the engine writes `PID: n` to `<dir>/status` while it holds it. A copy of the directory taken
 * while one does is not consistent.
 */
export function dataDirectoryOwner(dataDir: string): number | undefined {
  try {
    const pid = Number(/^PID: (\d+)/m.exec(readFileSync(`${dataDir}/status`, 'utf8'))?.[1])
    if (!pid || pid === process.pid) return undefined
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code === 'ENOTDIR' || error.code === 'EEXIST' ? 'not a directory' : error.code
  }
  return error instanceof Error ? error.message : String(error)
}
