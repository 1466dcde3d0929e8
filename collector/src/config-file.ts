import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { alertsFileSchema } from './alerts/alerts-config.js'

/** Where the collector looks for its config file, in order, unless LEADHOUSE_CONFIG names one. */
export const CONFIG_FILES = [
  'leadhouse.config.json',
  'leadhouse.config.yaml',
  'leadhouse.config.yml',
]

const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** A Host header's host: a name, an IPv4 address or a bracketed IPv6 one, and maybe a port. */
export const HOST_ENTRY =
  /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::\d{1,5})?$/

const origin = z.string().refine((text) => URL.canParse(text) && new URL(text).origin === text, {
  error: (issue) =>
    `must be an origin such as https://www.example.com (scheme, host, port; no path), got ${JSON.stringify(issue.input)}`,
})
const secret = z.string().min(16, 'must be at least 16 characters')

/** The config file's shape; every key optional, unknown keys refused by name. */
export const configFileSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  sites: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(SITE_ID, 'site ids are 1-64 letters, digits, dots, dashes or underscores'),
        origins: z.array(origin).default([]),
        privacy: z
          .strictObject({
            ip: z.enum(['truncate', 'hash'], { error: 'must be truncate or hash' }).optional(),
            country: z.boolean().optional(),
          })
          .optional(),
      }),
    )
    .min(1, 'name at least one site')
    .optional(),
  adminKeys: z.array(secret).optional(),
  readKeys: z.array(secret).optional(),
  /** Deprecated: `adminKeys`. */
  secretKeys: z.array(secret).optional(),
  /** Deprecated: `readKeys`. */
  readTokens: z.array(secret).optional(),
  allowedHosts: z
    .array(
      z
        .string()
        .regex(
          HOST_ENTRY,
          'must be a host name or address, optionally with :port, e.g. lh.acme.com or 10.0.0.5:8787',
        ),
    )
    .optional(),
  metrics: z.strictObject({ public: z.boolean().optional() }).optional(),
  sessionTtl: z.union([z.string(), z.number().int().positive()]).optional(),
  linkSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  modelsInterval: z.union([z.string(), z.number().int().nonnegative()]).optional(),
  readyInsertFailure: z.union([z.string(), z.number().int().nonnegative()]).optional(),
  modelsRefresh: z.union([z.string(), z.number().int().positive()]).optional(),
  modelsStaleAfter: z.union([z.string(), z.number().int().nonnegative()]).optional(),
  ip: z.enum(['truncate', 'hash']).optional(),
  countryDatabase: z.string().min(1).optional(),
  trustProxy: z.union([z.boolean(), z.number().int().min(0).max(9)]).optional(),
  rateLimits: z
    .strictObject({
      perAddress: z
        .strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive() })
        .optional(),
      perSite: z
        .strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive() })
        .optional(),
    })
    .optional(),
  spool: z
    .strictObject({
      dir: z.string().min(1).optional(),
      maxBytes: z.union([z.string(), z.number().int().positive()]).optional(),
    })
    .optional(),
  dataDir: z.string().min(1).optional(),
  alerts: alertsFileSchema.optional(),
  /** The SQL endpoint (`/clickhouse`): values are checked where the variables are (`sql-config`). */
  sql: z
    .strictObject({
      database: z.string().optional(),
      port: z.number().int().min(1).max(65535).optional(),
      maxConcurrent: z.number().int().positive().optional(),
      maxQueued: z.number().int().positive().optional(),
      timeout: z.number().int().positive().optional(),
      maxResultRows: z.number().int().positive().optional(),
      maxResultBytes: z.number().int().positive().optional(),
      maxMemoryUsage: z.number().int().positive().optional(),
    })
    .optional(),
  clickhouse: z
    .strictObject({
      url: z.string().optional(),
      user: z.string().optional(),
      password: z.string().optional(),
      database: z.string().optional(),
      cluster: z.string().optional(),
    })
    .optional(),
})

export type ConfigFile = z.infer<typeof configFileSchema>

/** The config file, validated: `undefined` when there is none. Throws with the file, key and problem. */
export function readConfigFile(
  env: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): { path: string; config: ConfigFile } | undefined {
  const named = env.LEADHOUSE_CONFIG
  const path = named
    ? resolve(cwd, named)
    : CONFIG_FILES.map((name) => resolve(cwd, name)).find(existsSync)
  if (!path) return undefined
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(
      `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    )
  }
  let document: unknown
  try {
    document = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new Error(
      `${path}: is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
    )
  }
  const parsed = configFileSchema.safeParse(document ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '')
      return `${key || '(top level)'}: ${issue.message}`
    })
    throw new Error(`${path}: ${problems.join('; ')}`)
  }
  return { path, config: parsed.data }
}

/** The file's settings under the names of the environment variables that override them. */
export function fileAsEnv(file: ConfigFile): Record<string, string | undefined> {
  const text = (value: string | number | boolean | undefined) =>
    value === undefined ? undefined : String(value)
  return {
    HOST: file.host,
    PORT: text(file.port),
    LEADHOUSE_MODELS_INTERVAL: text(file.modelsInterval),
    LEADHOUSE_READY_INSERT_FAILURE: text(file.readyInsertFailure),
    LEADHOUSE_ALLOWED_HOSTS: file.allowedHosts?.join(','),
    LEADHOUSE_METRICS_PUBLIC: text(file.metrics?.public),
    LEADHOUSE_SESSION_TTL: text(file.sessionTtl),
    LEADHOUSE_MODELS_REFRESH: text(file.modelsRefresh),
    LEADHOUSE_MODELS_STALE_AFTER: text(file.modelsStaleAfter),
    LEADHOUSE_IP: file.ip,
    LEADHOUSE_COUNTRY_DB: file.countryDatabase,
    LEADHOUSE_TRUST_PROXY: text(file.trustProxy),
    LEADHOUSE_SPOOL_DIR: file.spool?.dir,
    LEADHOUSE_SPOOL_MAX_BYTES: text(file.spool?.maxBytes),
    LEADHOUSE_DATA_DIR: file.dataDir,
    LEADHOUSE_SQL_DATABASE: file.sql?.database,
    LEADHOUSE_SQL_PORT: text(file.sql?.port),
    LEADHOUSE_SQL_MAX_CONCURRENT: text(file.sql?.maxConcurrent),
    LEADHOUSE_SQL_MAX_QUEUED: text(file.sql?.maxQueued),
    LEADHOUSE_SQL_TIMEOUT: text(file.sql?.timeout),
    LEADHOUSE_SQL_MAX_RESULT_ROWS: text(file.sql?.maxResultRows),
    LEADHOUSE_SQL_MAX_RESULT_BYTES: text(file.sql?.maxResultBytes),
    LEADHOUSE_SQL_MAX_MEMORY_USAGE: text(file.sql?.maxMemoryUsage),
    LEADHOUSE_LINK_SECRET: file.linkSecret,
    LEADHOUSE_PUBLIC_URL: file.publicUrl,
    CLICKHOUSE_URL: file.clickhouse?.url,
    CLICKHOUSE_USER: file.clickhouse?.user,
    CLICKHOUSE_PASSWORD: file.clickhouse?.password,
    CLICKHOUSE_DATABASE: file.clickhouse?.database,
    CLICKHOUSE_CLUSTER: file.clickhouse?.cluster,
  }
}
