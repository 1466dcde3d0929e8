/**
 * Config keys: what models, seeds and tests may set, their defaults, folder-level config from
 * dbt_project.yml, and the checks that refuse a value the runner cannot build.
 */
import { isRecord } from '../project.js'

export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral'
export type IncrementalStrategy = 'append' | 'delete+insert'

export interface ModelConfig {
  materialized: Materialization
  enabled: boolean
  tags: string[]
  /** Custom schema: with the default generate_schema_name, `<target schema>_<schema>`. */
  schema?: string | undefined
  /** The relation's name, when not the model's. */
  alias?: string | undefined
  /** dbt-clickhouse: table engine, default `MergeTree()`. */
  engine: string
  /** dbt-clickhouse: ORDER BY expression, default `tuple()`. */
  order_by: string | string[]
  partition_by?: string | string[] | undefined
  primary_key?: string | string[] | undefined
  /** dbt-clickhouse: table SETTINGS. */
  settings?: Record<string, unknown> | undefined
  /** Settings of the INSERT and DELETE queries that build the model (dbt-clickhouse). */
  query_settings?: Record<string, unknown> | undefined
  /** Incremental models: the key rows are replaced by. */
  unique_key?: string | string[] | undefined
  /** Incremental models: `append`, or `delete+insert` (the default with a unique_key). */
  incremental_strategy?: IncrementalStrategy | undefined
  /** false: an incremental model is never rebuilt, even with --full-refresh. */
  full_refresh?: boolean | undefined
  [key: string]: unknown
}

export interface TestConfig {
  severity: 'error' | 'warn'
  where?: string | undefined
  enabled: boolean
  tags: string[]
}

const MATERIALIZATIONS = new Set<string>(['view', 'table', 'incremental', 'ephemeral'])
const STRATEGIES = new Set<string>(['append', 'delete+insert'])

/** Config keys of dbt and dbt-clickhouse that models may set; anything else is a typo. */
export const MODEL_CONFIG_KEYS = new Set([
  'materialized',
  'enabled',
  'tags',
  'schema',
  'alias',
  'database',
  'engine',
  'order_by',
  'partition_by',
  'primary_key',
  'settings',
  'query_settings',
  'unique_key',
  'incremental_strategy',
  'full_refresh',
  'on_schema_change',
  'meta',
  'docs',
  'persist_docs',
  'grants',
  'contract',
  'latest_version_pointer',
  'description',
  'group',
  'access',
  'pre_hook',
  'post_hook',
  'pre-hook',
  'post-hook',
  'sharding_key',
  'ttl',
  'inserts_only',
  'column_types',
  'delimiter',
  'quote_columns',
  'severity',
  'where',
  'store_failures',
])

export function defaultModelConfig(): ModelConfig {
  return {
    materialized: 'view',
    enabled: true,
    tags: [],
    engine: 'MergeTree()',
    order_by: 'tuple()',
  }
}

/** Folder-level `+key` settings along `folders`, the deepest winning. */
export function folderConfig(
  block: Record<string, unknown>,
  projectName: string,
  folders: string[],
): Record<string, unknown> {
  const config: Record<string, unknown> = {}
  let level: unknown = block[projectName]
  for (const folder of [null, ...folders]) {
    if (folder !== null) level = isRecord(level) ? level[folder] : undefined
    if (!isRecord(level)) break
    for (const [key, value] of Object.entries(level)) {
      if (key.startsWith('+')) config[key.slice(1)] = value
      // dbt also reads unprefixed keys whose value is not a folder.
      else if (!isRecord(value) || key === 'settings' || key === 'meta') config[key] = value
    }
  }
  return config
}

/**
 * A model's `pre_hook` or `post_hook` (`pre-hook` in dbt_project.yml): one SQL text, or a list
 * of texts or of `{sql: ...}`. The deepest level that sets it wins (dbt would run every level's).
 */
export function hookTexts(config: ModelConfig, when: 'pre' | 'post'): string[] {
  return hookList(config[`${when}_hook`] ?? config[`${when}-hook`]).map((hook) =>
    isRecord(hook) ? String(hook.sql) : String(hook),
  )
}

/** A hook config's value as a list: dbt takes one hook or several. */
function hookList(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]
}

/** What is wrong with a model's config, if anything: the first problem, as a message. */
export function configProblem(config: ModelConfig): string | undefined {
  const unknown = Object.keys(config).find((key) => !MODEL_CONFIG_KEYS.has(key))
  if (unknown) return `unknown config key '${unknown}'`
  for (const key of ['pre_hook', 'post_hook', 'pre-hook', 'post-hook']) {
    if (
      !hookList(config[key]).every(
        (hook) => typeof hook === 'string' || (isRecord(hook) && typeof hook.sql === 'string'),
      )
    )
      return `${key} must be SQL text, or a list of SQL texts or of {sql: ...}`
  }
  if (!MATERIALIZATIONS.has(config.materialized))
    return `materialized='${String(config.materialized)}' is not supported (use ${[...MATERIALIZATIONS].join(', ')})`
  if (config.incremental_strategy !== undefined && !STRATEGIES.has(config.incremental_strategy))
    return `incremental_strategy='${config.incremental_strategy}' is not supported (use ${[...STRATEGIES].join(', ')})`
  if (
    config.on_schema_change !== undefined &&
    !['ignore', 'fail', 'sync_all_columns'].includes(String(config.on_schema_change))
  )
    return `on_schema_change='${String(config.on_schema_change)}' is not supported (use ignore, fail, sync_all_columns)`
  if (config.incremental_strategy === 'delete+insert' && !config.unique_key)
    return `incremental_strategy='delete+insert' needs a unique_key`
  return undefined
}

/** `tags` as dbt takes it: one tag or a list. */
export function tagsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.map(String) : []
}

/** A config value that must be text, else unset. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
