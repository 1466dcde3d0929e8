import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { WarehouseOptions } from '@leadhouse/warehouse'
import { parse as parseYaml } from 'yaml'
import { ProfileError } from './errors.js'
import { renderJinja } from './jinja.js'
import { isRecord, yamlProblem } from './project.js'

/** The target of a dbt profile, turned into what the runner needs to reach ClickHouse. */
export interface ResolvedProfile {
  profileName: string
  targetName: string
  /** ClickHouse database models are built in (dbt-clickhouse `schema`, default 'default'). */
  schema: string
  /** The target's `threads`, default 1. */
  threads: number
  warehouse: WarehouseOptions
  /** Where it was read from, for messages. */
  file: string
}

export interface ProfileOptions {
  projectDir: string
  /** `--profiles-dir`: the folder holding profiles.yml. */
  profilesDir?: string | undefined
  /** From dbt_project.yml `profile`. */
  profileName: string
  /** `--target`. */
  target?: string | undefined
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv | undefined
}

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
  // Leadhouse's own: the embedded engine's data directory. dbt ignores keys it does not know.
  'path',
])

/**
 * Keys dbt-clickhouse knows that have no counterpart here: accepted so that one profile serves
 * both dbt and this runner. Most tune the Python clients or clustered deployments.
 */
const IGNORED_KEYS = new Set([
  'retries',
  'cluster',
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
  'local_suffix',
  'local_db_prefix',
  'allow_automatic_deduplication',
  'tcp_keepalive',
  'reuse_connections',
  'server_host_name',
])

/** The ports dbt-clickhouse takes to mean its native driver when `driver` is not set. */
const NATIVE_PORTS = new Set([9000, 9440])

/**
 * Reads profiles.yml as dbt-core with dbt-clickhouse does and resolves one target of
 * `profileName`: the file is looked up in dbt's order, the target's values are rendered with
 * Jinja (`env_var`, `| int`, `| as_number`, ...), and the target becomes warehouse options.
 * A target without `host` is the embedded engine. Throws ProfileError.
 *
 * @example
 * const profile = resolveProfile({ projectDir: 'models', profileName: project.profile })
 * const warehouse = await openWarehouse(profile.warehouse)
 */
export function resolveProfile(options: ProfileOptions): ResolvedProfile {
  const env = options.env ?? process.env
  const file = findProfilesFile(options, env)
  const profiles = readProfilesFile(file)
  const { profileName } = options
  const profile = Object.hasOwn(profiles, profileName) ? profiles[profileName] : undefined
  if (!isRecord(profile)) {
    const names = Object.keys(profiles).filter((name) => name !== 'config')
    throw new ProfileError(
      `${file}: no profile named '${profileName}' (the profile of dbt_project.yml); ` +
        `profiles in this file: ${names.length > 0 ? names.join(', ') : 'none'}`,
    )
  }
  const renderer = new Renderer(file, env)
  const chosen = chooseTarget(options, env, profile, renderer)
  const outputs = profile.outputs
  if (!isRecord(outputs) || Object.keys(outputs).length === 0) {
    throw new ProfileError(`${file}: profile '${profileName}' has no "outputs" (its targets)`)
  }
  const rawTarget = Object.hasOwn(outputs, chosen.name) ? outputs[chosen.name] : undefined
  if (!isRecord(rawTarget)) {
    throw new ProfileError(
      `${file}: profile '${profileName}' has no target '${chosen.name}' (${chosen.from}); ` +
        `its targets: ${Object.keys(outputs).join(', ')}`,
    )
  }
  // Only the chosen target is rendered, as dbt does: a server target's required env_var must
  // not stop a run on the embedded target.
  const keyPath = `${profileName}.outputs.${chosen.name}`
  const target = renderer.renderTree(rawTarget, keyPath) as Record<string, unknown>
  const fields = new TargetFields(target, `${file}: ${keyPath}`)
  const { schema, warehouse } = connectionOf(fields, options.projectDir, env)
  return {
    profileName,
    targetName: chosen.name,
    schema,
    threads: fields.integer('threads', { min: 1 }) ?? 1,
    warehouse,
    file,
  }
}

/** `--profiles-dir`, else DBT_PROFILES_DIR, else the project, else ~/.dbt, as dbt looks. */
function findProfilesFile(options: ProfileOptions, env: NodeJS.ProcessEnv): string {
  const explicit =
    options.profilesDir !== undefined
      ? { dir: options.profilesDir, from: '--profiles-dir' }
      : env.DBT_PROFILES_DIR
        ? { dir: env.DBT_PROFILES_DIR, from: 'DBT_PROFILES_DIR' }
        : undefined
  // A folder named on purpose is the only one dbt reads: no quiet fallback to another file.
  if (explicit) {
    const file = join(resolve(explicit.dir), 'profiles.yml')
    if (!existsSync(file)) {
      throw new ProfileError(`profiles.yml not found: looked for ${file} (from ${explicit.from})`)
    }
    return file
  }
  const candidates = [
    join(resolve(options.projectDir), 'profiles.yml'),
    join(homeDir(env), '.dbt', 'profiles.yml'),
  ]
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) {
    throw new ProfileError(
      `profiles.yml not found: looked for ${candidates.join(' and ')}; ` +
        'pass --profiles-dir or set DBT_PROFILES_DIR',
    )
  }
  return found
}

/** The home folder as Python's `Path.home()` finds it, so tests can point it elsewhere. */
function homeDir(env: NodeJS.ProcessEnv): string {
  return (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir()
}

function readProfilesFile(file: string): Record<string, unknown> {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ProfileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`)
  }
  let parsed: unknown
  try {
    // YAML 1.1 as PyYAML reads it for dbt: `<<` merge keys work and `yes`/`no` are booleans.
    parsed = parseYaml(content, { version: '1.1' })
  } catch (error) {
    const problem = yamlProblem(error, file)
    if (problem) throw new ProfileError(problem)
    throw error
  }
  if (parsed == null) return {}
  if (!isRecord(parsed)) throw new ProfileError(`${file}: must be a mapping of profile names`)
  return parsed
}

/** `--target`, else DBT_TARGET (dbt's variable for it), else the profile's `target`, else 'default'. */
function chooseTarget(
  options: ProfileOptions,
  env: NodeJS.ProcessEnv,
  profile: Record<string, unknown>,
  renderer: Renderer,
): { name: string; from: string } {
  if (options.target !== undefined) return { name: options.target, from: 'from --target' }
  if (env.DBT_TARGET) return { name: env.DBT_TARGET, from: 'from DBT_TARGET' }
  if (profile.target === undefined || profile.target === null) {
    return { name: 'default', from: 'the profile sets no "target"' }
  }
  // dbt renders it too: `target: "{{ env_var('DBT_TARGET', 'dev') }}"` is common.
  const keyPath = `${options.profileName}.target`
  const rendered = renderer.renderTree(profile.target, keyPath)
  if (typeof rendered !== 'string' && typeof rendered !== 'number') {
    throw new ProfileError(`${renderer.file}: ${keyPath}: must be the name of a target`)
  }
  return { name: String(rendered), from: 'the profile\'s "target"' }
}

/**
 * dbt's filters that set the type of a rendered value. The engine takes no custom filters, so
 * they are taken out before rendering and applied to the result, which is what dbt does too:
 * they only matter when the whole value is the one expression they end.
 */
const NATIVE_FILTERS = /\|\s*(as_number|as_bool|as_text|as_native)\b/g

type NativeFilter = 'as_number' | 'as_bool' | 'as_text' | 'as_native'

/** Renders a target's values with the Jinja dbt gives profiles. */
class Renderer {
  private readonly context: Record<string, unknown>

  constructor(
    readonly file: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.context = {
      env_var: (name: unknown, ...rest: unknown[]) => {
        // Keyword arguments arrive as a trailing object: env_var('X', default='y').
        const last = rest.at(-1)
        const fallback = isRecord(last) && 'default' in last ? last.default : rest[0]
        const value = env[String(name)]
        if (value !== undefined) return value
        if (fallback !== undefined && fallback !== null) return fallback
        throw new Error(`env_var('${String(name)}') is not set and has no default`)
      },
    }
  }

  /** Every string inside `value`, rendered; `keyPath` names where it sits, for errors. */
  renderTree(value: unknown, keyPath: string): unknown {
    if (typeof value === 'string') return this.renderString(value, keyPath)
    if (Array.isArray(value)) {
      return value.map((item, index) => this.renderTree(item, `${keyPath}[${index}]`))
    }
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          this.renderTree(item, `${keyPath}.${key}`),
        ]),
      )
    }
    return value
  }

  private renderString(source: string, keyPath: string): unknown {
    // Text without tags is left alone, so that passwords are never reinterpreted.
    if (!/{[{%#]/.test(source)) return source
    const filter = source.match(/^{{[^}]*\|\s*(as_number|as_bool|as_text|as_native)\s*-?}}$/)?.[1]
    let rendered: string
    try {
      rendered = renderJinja(source.replace(NATIVE_FILTERS, ''), this.context)
    } catch (error) {
      throw new ProfileError(`${this.file}: ${keyPath}: ${(error as Error).message}`)
    }
    if (!filter) return rendered
    return nativeValue(rendered, filter as NativeFilter, `${this.file}: ${keyPath}`)
  }
}

function nativeValue(text: string, filter: NativeFilter, where: string): unknown {
  const number = numberOf(text)
  const boolean = booleanOf(text)
  switch (filter) {
    case 'as_text':
      return text
    case 'as_number':
      if (number === undefined) throw new ProfileError(`${where}: '${text}' is not a number`)
      return number
    case 'as_bool':
      if (boolean === undefined) throw new ProfileError(`${where}: '${text}' is not true or false`)
      return boolean
    case 'as_native':
      return number ?? boolean ?? (text.trim() === 'None' ? null : text)
  }
}

function numberOf(text: string): number | undefined {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : undefined
}

function booleanOf(text: string): boolean | undefined {
  const word = text.trim().toLowerCase()
  return word === 'true' ? true : word === 'false' ? false : undefined
}

/**
 * Typed reads of a rendered target. Numbers and booleans may arrive as text, since `env_var`
 * returns text: dbt wants `| int` or `| as_number` there, and both forms are taken here.
 */
class TargetFields {
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

function connectionOf(
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
  if (driver === 'chdb' || !host) {
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
    },
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
