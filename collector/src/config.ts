import { join, resolve } from 'node:path'
import type { WarehouseOptions } from '@leadhouse/warehouse'
import { DEFAULT_DATA_DIR, warehouseOptionsFromEnv } from '@leadhouse/warehouse'
import { z } from 'zod'
import { type AlertsConfig, type AlertsFile, DEFAULT_ALERTS } from './alerts/alerts-config.js'
import { type ConfigFile, fileAsEnv, HOST_ENTRY, readConfigFile } from './config-file.js'
import type { IpMode } from './lib/enrich.js'
import { type SqlEndpointConfig, sqlConfigFrom } from './sql/sql-config.js'

export interface SiteConfig {
  id: string
  /** Origins whose pages may send this site's events; empty: any origin. */
  origins: string[]
  /** Where this site asks for less than the collector's defaults. */
  privacy?: SitePrivacy | undefined
}

export interface SitePrivacy {
  /** How this site's client addresses are anonymised; default: the collector's `ip`. */
  ip?: IpMode | undefined
  /** `false`: no country lookup for this site's events, even with a country database. */
  country?: boolean | undefined
}

export interface CollectorConfig {
  host: string
  port: number
  sites: SiteConfig[]
  /** Milliseconds between scheduled model builds; 0 turns the schedule off. */
  modelsIntervalMs: number
  /**
   * Milliseconds after which a scheduled build runs even when the raw tables hold nothing new
   * (scores decay with time); a build also runs on the first tick of a new UTC day.
   */
  modelsRefreshMs: number
  /**
   * `/readyz` answers 503 when rows the marts do not hold yet arrived longer ago than this; 0 off.
   * Default: 3 scheduled intervals, at least 10 minutes; off when the schedule is.
   */
  modelsStaleAfterMs: number
  /** How client addresses are anonymised before they are stored. */
  ipMode: IpMode
  /** A MaxMind DB file with countries (GeoLite2 Country, DB-IP Lite); unset: no country lookup. */
  countryDatabase?: string | undefined
  /**
   * How many reverse proxies of yours stand in front of the collector (0: none). Behind n, the
   * client address is the n-th entry of X-Forwarded-For from the right: each proxy appends the
   * address it was reached from, and whatever is left of that a client may have written itself.
   */
  trustProxy: number
  /**
   * Directory of the durable spool in front of the warehouse: `<stateDir>/spool` unless
   * `LEADHOUSE_SPOOL_DIR` names another.
   */
  spoolDir: string
  /** Whether `spoolDir` is the default one in the data directory (no setting named it). */
  spoolDirIsDefault: boolean
  /** Bytes the spool may hold before the collector answers 503. */
  spoolMaxBytes: number
  /** Token buckets for `POST /e`: per client address, and per site. */
  rateLimits: { perAddress: RateLimit; perSite: RateLimit }
  /**
   * Milliseconds inserts into the warehouse may fail, without one succeeding, before `/readyz`
   * answers 503 (events are still taken into the spool meanwhile).
   */
  readyInsertFailureMs: number
  /** Milliseconds a client may take to send a whole request. */
  requestTimeoutMs: number
  /**
   * Admin keys the configuration sets (`LEADHOUSE_ADMIN_KEY`, `adminKeys`, and the deprecated
   * `LEADHOUSE_SECRET_KEYS`, `secretKeys`). With none here and none read, the first start
   * makes an admin and a read key in `<stateDir>/keys.json`.
   */
  adminKeys: string[]
  /** Read keys the configuration sets (`LEADHOUSE_READ_KEYS`, `readKeys`, and the deprecated `LEADHOUSE_READ_TOKENS`, `readTokens`). */
  readKeys: string[]
  /** One line for each deprecated setting in use, naming its replacement (printed at start). */
  deprecations: string[]
  /**
   * Host names (optionally `name:port`) the dashboard and APIs answer to besides the loopback
   * names, the public URL's host and a specific non-loopback HOST; other Host headers get 421.
   */
  allowedHosts: string[]
  /** `/metrics` without a key (for a Prometheus that cannot send one); default: admin key. */
  metricsPublic: boolean
  /** How long a dashboard session lasts after the login. */
  sessionTtlMs: number
  /** Signs email open and click links; unset: email links are off. */
  linkSecret?: string | undefined
  /** The address links and pixels point to; unset: the address the collector listens on. */
  publicUrl?: string | undefined
  warehouse: WarehouseOptions
  /** The ClickHouse-compatible endpoint at `/clickhouse` (embedded engine only). */
  sql: SqlEndpointConfig
  /**
   * The installation's data directory (absolute): the embedded ClickHouse's files, and
   * Leadhouse's own under `stateDir`, so that one directory holds everything of one installation.
   */
  dataDir: string
  /** Leadhouse's own files in the data directory (`<dataDir>/leadhouse`): keys, spool, state. */
  stateDir: string
  /** Alert delivery (issue #24): destinations per team, SMTP, retries. */
  alerts: AlertsConfig
  /** The config file read, if any. */
  file?: string | undefined
}

export interface RateLimit {
  perSecond: number
  burst: number
}

/**
 * Per address generously: a company's visitors often share one office address. Per site as a
 * ceiling against floods that rotate addresses.
 */
export const DEFAULT_RATE_LIMITS = {
  perAddress: { perSecond: 50, burst: 200 },
  perSite: { perSecond: 2000, burst: 5000 },
} as const

/** A setting is wrong; the message names it and says what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const DURATION = /^(\d+)(ms|s|m|h)?$/
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const

const SIZE = /^(\d+)(B|KiB|MiB|GiB)?$/
const UNIT_BYTES = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 } as const

/** `1073741824`, `512MiB`, `1GiB` → bytes. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim())
  return match
    ? Number(match[1]) * UNIT_BYTES[(match[2] ?? 'B') as keyof typeof UNIT_BYTES]
    : undefined
}

/** `300`, `90s`, `5m`, `1h` → milliseconds; a bare number is seconds. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim())
  if (!match) return undefined
  return Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS]
}

const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** A duration setting in milliseconds, its message giving `examples`. */
function duration(examples: string) {
  return z.string().transform((text, ctx) => {
    const ms = parseDuration(text)
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a duration such as ${examples}, got ${JSON.stringify(text)}`,
      })
      return z.NEVER
    }
    return ms
  })
}

/** Marts older than this are not called stale, whatever the schedule. */
const MIN_STALE_AFTER_MS = 10 * 60_000

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z
    .string()
    .default('8787')
    .refine((text) => /^\d+$/.test(text) && Number(text) <= 65535, {
      error: (issue) => `must be a port number from 0 to 65535, got ${JSON.stringify(issue.input)}`,
    })
    .transform(Number),
  LEADHOUSE_SITES: z
    .string()
    .default('demo')
    .transform((text) =>
      text
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(SITE_ID, 'site ids are 1-64 letters, digits, dots, dashes or underscores'),
        )
        .min(1, 'name at least one site id'),
    ),
  LEADHOUSE_IP: z
    .enum(['truncate', 'hash'], { error: 'must be truncate or hash' })
    .default('truncate'),
  LEADHOUSE_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d)$/, 'must be false, true (one proxy) or the number of proxies, 0-9')
    .default('false')
    .transform((value) => (value === 'true' ? 1 : value === 'false' ? 0 : Number(value))),
  LEADHOUSE_SPOOL_DIR: z.string().optional(),
  LEADHOUSE_COUNTRY_DB: z
    .string()
    .regex(/\.mmdb$/, 'must be the path of a MaxMind DB file (.mmdb), e.g. GeoLite2-Country.mmdb')
    .optional(),
  LEADHOUSE_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LEADHOUSE_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  LEADHOUSE_SPOOL_MAX_BYTES: z
    .string()
    .default('1GiB')
    .transform((text, ctx) => {
      const bytes = parseSize(text)
      if (!bytes) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a size such as 536870912, 512MiB or 1GiB, got ${JSON.stringify(text)}`,
        })
        return z.NEVER
      }
      return bytes
    }),
  LEADHOUSE_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            HOST_ENTRY,
            'each entry is a host name or address, optionally with :port, e.g. lh.acme.com or 10.0.0.5:8787',
          ),
      ),
    ),
  LEADHOUSE_METRICS_PUBLIC: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  LEADHOUSE_SESSION_TTL: z
    .string()
    .default('12h')
    .transform((text, ctx) => {
      const ms = parseDuration(text)
      // Browsers keep a cookie for 400 days at most, and refuse to be told longer.
      if (!ms || ms > 400 * 24 * 3_600_000) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a duration above 0 and at most 9600h (400 days) such as 3600, 90m or 12h, got ${JSON.stringify(text)}`,
        })
        return z.NEVER
      }
      return ms
    }),
  LEADHOUSE_READY_INSERT_FAILURE: duration('30, 30s, 2m or 500ms').default(30_000),
  LEADHOUSE_MODELS_INTERVAL: duration('300, 90s, 5m or 0 (off)').default(60_000),
  LEADHOUSE_MODELS_REFRESH: duration('3600, 15m or 1h').default(3_600_000),
  LEADHOUSE_MODELS_STALE_AFTER: duration('600, 10m or 0 (off)').optional(),
})

/**
 * The collector's settings: the config file (`LEADHOUSE_CONFIG`, else `leadhouse.config.json`
 * or `.yaml` in the working directory, if there is one), overridden by environment variables.
 * Throws a `ConfigError` naming the file and key, or the variable, and the problem.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): CollectorConfig {
  let file: { path: string; config: ConfigFile } | undefined
  try {
    file = readConfigFile(env, cwd)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  return resolveConfig(env, file)
}

/** The settings from the environment alone (tests, and deployments without a file). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  return resolveConfig(env, undefined)
}

function resolveConfig(
  env: NodeJS.ProcessEnv,
  file: { path: string; config: ConfigFile } | undefined,
): CollectorConfig {
  const fromFile = file ? fileAsEnv(file.config) : {}
  const merged: Record<string, string> = {}
  for (const source of [fromFile, env]) {
    for (const [key, value] of Object.entries(source))
      if (value !== undefined && value !== '') merged[key] = value
  }
  const parsed = envSchema.safeParse(merged)
  if (!parsed.success) {
    const where = (key: string) =>
      key in env && env[key] !== '' ? key : file ? `${file.path} (as ${key})` : key
    throw new ConfigError(
      parsed.error.issues
        .map(
          (issue) =>
            `${where(String(issue.path[0]))}${issue.path.length > 1 ? `.${issue.path.slice(1).join('.')}` : ''}: ${issue.message}`,
        )
        .join('; '),
    )
  }
  const list = (name: string) => {
    const items = env[name]
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean)
    if (items?.some((item) => item.length < 16))
      throw new ConfigError(`${name}: each key must be at least 16 characters`)
    return items?.length ? items : undefined
  }
  const keys = configuredKeys(list, file?.config)
  const warehouse = warehouseOptionsFromEnv(merged)
  const dataDir = resolve(warehouse.dataDir ?? DEFAULT_DATA_DIR)
  const stateDir = join(dataDir, 'leadhouse')
  const intervalMs = parsed.data.LEADHOUSE_MODELS_INTERVAL
  let sql: SqlEndpointConfig
  try {
    sql = sqlConfigFrom(merged)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  return {
    host: parsed.data.HOST,
    port: parsed.data.PORT,
    sites: sitesOf(env.LEADHOUSE_SITES ? parsed.data.LEADHOUSE_SITES : undefined, file?.config),
    modelsIntervalMs: intervalMs,
    modelsRefreshMs: parsed.data.LEADHOUSE_MODELS_REFRESH,
    modelsStaleAfterMs:
      parsed.data.LEADHOUSE_MODELS_STALE_AFTER ??
      (intervalMs > 0 ? Math.max(MIN_STALE_AFTER_MS, 3 * intervalMs) : 0),
    ipMode: parsed.data.LEADHOUSE_IP,
    countryDatabase: parsed.data.LEADHOUSE_COUNTRY_DB,
    trustProxy: parsed.data.LEADHOUSE_TRUST_PROXY,
    // In the data directory by default, so that one directory holds everything of an
    // installation and a new data directory never replays another one's unsent events.
    spoolDir: parsed.data.LEADHOUSE_SPOOL_DIR ?? join(stateDir, 'spool'),
    spoolDirIsDefault: parsed.data.LEADHOUSE_SPOOL_DIR === undefined,
    spoolMaxBytes: parsed.data.LEADHOUSE_SPOOL_MAX_BYTES,
    rateLimits: {
      perAddress: file?.config.rateLimits?.perAddress ?? DEFAULT_RATE_LIMITS.perAddress,
      perSite: file?.config.rateLimits?.perSite ?? DEFAULT_RATE_LIMITS.perSite,
    },
    readyInsertFailureMs: parsed.data.LEADHOUSE_READY_INSERT_FAILURE,
    requestTimeoutMs: 10_000,
    linkSecret: parsed.data.LEADHOUSE_LINK_SECRET,
    publicUrl: parsed.data.LEADHOUSE_PUBLIC_URL?.replace(/\/+$/, ''),
    ...keys,
    allowedHosts: parsed.data.LEADHOUSE_ALLOWED_HOSTS,
    metricsPublic: parsed.data.LEADHOUSE_METRICS_PUBLIC,
    sessionTtlMs: parsed.data.LEADHOUSE_SESSION_TTL,
    warehouse,
    sql,
    dataDir,
    stateDir,
    alerts: alertsOf(file?.config.alerts, env.LEADHOUSE_SMTP_URL),
    file: file?.path,
  }
}

/**
 * The keys the configuration sets: the environment's, else the file's. The names from before
 * roles (`LEADHOUSE_SECRET_KEYS`, `LEADHOUSE_READ_TOKENS`, `secretKeys`, `readTokens`) still
 * work, as admin and read keys, with a notice naming the new name.
 */
function configuredKeys(
  list: (name: string) => string[] | undefined,
  file: ConfigFile | undefined,
): Pick<CollectorConfig, 'adminKeys' | 'readKeys' | 'deprecations'> {
  const deprecations: string[] = []
  const pick = (
    current: [env: string, key: 'adminKeys' | 'readKeys'],
    old: [env: string, key: 'secretKeys' | 'readTokens'],
  ) => {
    const fromEnv = [...(list(current[0]) ?? []), ...(list(old[0]) ?? [])]
    const fromFile = [...(file?.[current[1]] ?? []), ...(file?.[old[1]] ?? [])]
    if (list(old[0])) deprecations.push(`${old[0]} is deprecated: name the keys in ${current[0]}`)
    if (file?.[old[1]])
      deprecations.push(`${old[1]} in the config file is deprecated: use ${current[1]}`)
    return [...new Set(fromEnv.length ? fromEnv : fromFile)]
  }
  const adminKeys = pick(
    ['LEADHOUSE_ADMIN_KEY', 'adminKeys'],
    ['LEADHOUSE_SECRET_KEYS', 'secretKeys'],
  )
  const readKeys = pick(
    ['LEADHOUSE_READ_KEYS', 'readKeys'],
    ['LEADHOUSE_READ_TOKENS', 'readTokens'],
  )
  return { adminKeys, readKeys, deprecations }
}

/**
 * The sites the collector takes events for. `LEADHOUSE_SITES` chooses which: a site the file
 * also configures keeps its origins and privacy options there, so that naming sites in the
 * environment never opens a site to every origin; a site only the variable names takes events
 * from any origin.
 */
function sitesOf(ids: string[] | undefined, file: ConfigFile | undefined): SiteConfig[] {
  const configured = file?.sites ?? [{ id: 'demo', origins: [] }]
  if (!ids) return configured
  return ids.map((id) => configured.find((site) => site.id === id) ?? { id, origins: [] })
}

/**
 * The `alerts` section resolved: durations in ms, defaults filled. `LEADHOUSE_SMTP_URL` (with its
 * password) overrides the file's SMTP URL, to keep the secret out of the file.
 */
function alertsOf(file: AlertsFile | undefined, smtpUrl: string | undefined): AlertsConfig {
  const ms = (key: 'backoffBase' | 'backoffCap' | 'lookback', fallback: number) => {
    const value = file?.[key]
    if (value === undefined) return fallback
    const parsed = parseDuration(String(value))
    if (parsed === undefined)
      throw new ConfigError(
        `alerts.${key}: must be a duration such as 30, 90s, 5m or 1h, got ${JSON.stringify(value)}`,
      )
    return parsed
  }
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
    throw new ConfigError('LEADHOUSE_SMTP_URL: must be an smtp:// or smtps:// URL')
  const smtp = file?.smtp ?? undefined
  if (smtpUrl && !smtp)
    throw new ConfigError('LEADHOUSE_SMTP_URL: set alerts.smtp.from in the config file too')
  return {
    destinations: file?.destinations ?? {},
    smtp: smtp && { ...smtp, url: smtpUrl || smtp.url },
    owners: file?.owners ?? {},
    maxAttempts: file?.maxAttempts ?? DEFAULT_ALERTS.maxAttempts,
    backoffBaseMs: ms('backoffBase', DEFAULT_ALERTS.backoffBaseMs),
    backoffCapMs: ms('backoffCap', DEFAULT_ALERTS.backoffCapMs),
    lookbackMs: ms('lookback', DEFAULT_ALERTS.lookbackMs),
  }
}
