/**
 * A rendered profile target turned into warehouse options, with dbt-clickhouse's keys: a server
 * over http(s), or the embedded engine when the target names no host.
 */
import { resolve } from 'node:path'
import { assertClusterName, LOCAL_SUFFIX, type WarehouseOptions } from '@leadhouse/warehouse'
import { ProfileError } from './errors.js'
import { booleanOf, numberOf } from './profile-values.js'

/**
 * `@leadhouse/warehouse` keeps its own copy unexported; this is the same folder, so a profile
 * without a data directory lands where the rest of Leadhouse looks.
 */
const DEFAULT_DATA_DIR = '.leadhouse/data'

/** dbt-core's own keys of a target, and the ones of dbt-clickhouse this runner acts on. */
const USED_KEYS = new Set([
  'type',
  'threads',
  'host',
  'port',
  'user',
  'password',
  'schema',
  'database',
  'driver',
  'secure',
  'chdb_path',
  'cluster',
  'local_suffix',
  // Leadhouse's own: the embedded engine's data directory. dbt ignores keys it does not know.
  'path',
])

/**
 * Keys dbt-clickhouse knows that have no counterpart here: accepted so that one profile serves
 * both dbt and this runner. Most tune the Python clients or clustered deployments.
 */
const IGNORED_KEYS = new Set([
  'retries',
  'database_engine',
  'cluster_mode',
  'verify',
  'client_cert',
  'client_cert_key',
  'connect_timeout',
  'send_receive_timeout',
  'sync_request_timeout',
  'compress_block_size',
  'compression',
  'check_exchange',
  'custom_settings',
  'use_lw_deletes',
  'local_db_prefix',
  'allow_automatic_deduplication',
  'tcp_keepalive',
  'reuse_connections',
  'server_host_name',
])

/** The ports dbt-clickhouse takes to mean its native driver when `driver` is not set. */
const NATIVE_PORTS = new Set([9000, 9440])

/**
 * Typed reads of a rendered target. Numbers and booleans may arrive as text, since `env_var`
 * returns text: dbt wants `| int` or `| as_number` there, and both forms are taken here.
 */
export class TargetFields {
  constructor(
    readonly values: Record<string, unknown>,
    /** `file: profile.outputs.target`, the prefix of every message. */
    readonly where: string,
  ) {}

  text(key: string): string | undefined {
    const value = this.values[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    throw new ProfileError(`${this.where}.${key}: must be text`)
  }

  integer(key: string, range: { min: number; max?: number }): number | undefined {
    const value = this.values[key]
    if (value === undefined || value === null) return undefined
    const number = typeof value === 'string' ? numberOf(value) : value
    const max = range.max ?? Number.MAX_SAFE_INTEGER
    if (
      typeof number !== 'number' ||
      !Number.isInteger(number) ||
      number < range.min ||
      number > max
    ) {
      throw new ProfileError(
        `${this.where}.${key}: must be a whole number from ${range.min}${range.max ? ` to ${range.max}` : ' up'}, got ${JSON.stringify(value)}`,
      )
    }
    return number
  }

  boolean(key: string): boolean | undefined {
    const value = this.values[key]
    if (value === undefined || value === null) return undefined
    const boolean = typeof value === 'string' ? booleanOf(value) : value
    if (typeof boolean !== 'boolean') {
      throw new ProfileError(
        `${this.where}.${key}: must be true or false, got ${JSON.stringify(value)}`,
      )
    }
    return boolean
  }
}

/** The target as warehouse options, with the database models are built in. */
export function connectionOf(
  fields: TargetFields,
  projectDir: string,
  env: NodeJS.ProcessEnv,
): { schema: string; warehouse: WarehouseOptions } {
  const { where } = fields
  const type = fields.text('type')
  if (type !== 'clickhouse') {
    throw new ProfileError(
      `${where}.type: ${type === undefined ? 'is missing' : `is '${type}'`}; this runner only speaks ClickHouse (type: clickhouse)`,
    )
  }
  for (const key of Object.keys(fields.values)) {
    if (!USED_KEYS.has(key) && !IGNORED_KEYS.has(key)) {
      throw new ProfileError(`${where}.${key}: not a key of dbt-clickhouse targets`)
    }
  }
  const schema = schemaOf(fields)
  const driver = fields.text('driver')
  if (driver === 'native') {
    throw new ProfileError(
      `${where}.driver: 'native' is not supported; only http is (driver: http, port 8123 or 8443)`,
    )
  }
  if (driver !== undefined && driver !== 'http' && driver !== 'chdb') {
    throw new ProfileError(`${where}.driver: '${driver}' is not one of http, native, chdb`)
  }
  const host = fields.text('host')?.trim()
  const cluster = clusterOf(fields)
  if (driver === 'chdb' || !host) {
    if (cluster !== undefined) {
      throw new ProfileError(
        `${where}.cluster: '${cluster}' needs a server (host): the embedded engine is one node`,
      )
    }
    return { schema, warehouse: { database: schema, dataDir: dataDirOf(fields, projectDir, env) } }
  }
  if (/[/\s]/.test(host)) {
    throw new ProfileError(`${where}.host: '${host}' must be a host name, not a URL`)
  }
  const secure = fields.boolean('secure') ?? false
  const port = fields.integer('port', { min: 1, max: 65535 })
  if (driver === undefined && port !== undefined && NATIVE_PORTS.has(port)) {
    // dbt-clickhouse switches to its native driver for these ports when none is named.
    throw new ProfileError(
      `${where}.port: ${port} is ClickHouse's native protocol port; only http is supported ` +
        `(port ${secure ? 8443 : 8123} by default)`,
    )
  }
  const hostInUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return {
    schema,
    warehouse: {
      url: `${secure ? 'https' : 'http'}://${hostInUrl}:${port ?? (secure ? 8443 : 8123)}`,
      // Empty counts as unset, as `env_var('CLICKHOUSE_USER', '')` would give.
      username: fields.text('user') || 'default',
      password: fields.text('password') ?? '',
      database: schema,
      ...(cluster !== undefined ? { cluster } : {}),
    },
  }
}

/**
 * dbt-clickhouse's `cluster` (empty: none, as `env_var('CLICKHOUSE_CLUSTER', '')` gives), and its
 * `local_suffix`, taken only as the suffix this runner uses.
 */
function clusterOf(fields: TargetFields): string | undefined {
  const cluster = fields.text('cluster')?.trim() || undefined
  const suffix = fields.text('local_suffix')
  if (suffix !== undefined && suffix !== LOCAL_SUFFIX) {
    throw new ProfileError(
      `${fields.where}.local_suffix: only '${LOCAL_SUFFIX}' is supported, got '${suffix}'`,
    )
  }
  if (cluster === undefined) return undefined
  try {
    return assertClusterName(cluster)
  } catch {
    throw new ProfileError(
      `${fields.where}.cluster: '${cluster}' is not a cluster name (letters, digits, _, - and . only)`,
    )
  }
}

/**
 * dbt-clickhouse builds in `schema` and wants `database` omitted or equal to it; `database`
 * alone is taken as the schema, the likelier intent than dbt's fallback to 'default'.
 */
function schemaOf(fields: TargetFields): string {
  const schema = fields.text('schema') || undefined
  const database = fields.text('database') || undefined
  if (schema !== undefined && database !== undefined && schema !== database) {
    throw new ProfileError(
      `${fields.where}: schema '${schema}' and database '${database}' differ; on ClickHouse ` +
        'they are the same thing: keep schema only',
    )
  }
  return schema ?? database ?? 'default'
}

/** `path` (or dbt-clickhouse's `chdb_path`) from the project, else LEADHOUSE_DATA_DIR, else the default. */
function dataDirOf(fields: TargetFields, projectDir: string, env: NodeJS.ProcessEnv): string {
  const path = fields.text('path') || fields.text('chdb_path')
  if (path === ':memory:') {
    throw new ProfileError(
      `${fields.where}.chdb_path: the embedded engine keeps its data on disk; name a folder`,
    )
  }
  if (path) return resolve(projectDir, path)
  return resolve(env.LEADHOUSE_DATA_DIR || DEFAULT_DATA_DIR)
}
