import { quoteIdentifier } from '@leadhouse/warehouse'
import { renderJinja } from './jinja.js'
import { isRecord, type ModelFile, type Project } from './project.js'

export type Materialization = 'view' | 'table'

export interface ModelConfig {
  materialized: Materialization
  enabled: boolean
  tags: string[]
  /** dbt-clickhouse: table engine, default `MergeTree()`. */
  engine: string
  /** dbt-clickhouse: ORDER BY expression, default `tuple()`. */
  order_by: string
  partition_by?: string | undefined
}

export interface ModelNode {
  name: string
  path: string
  config: ModelConfig
  /** Names of the models this one selects from, in the order they first appear. */
  dependsOn: string[]
  /** Database the model is built in (the target schema, in dbt-clickhouse terms). */
  schema: string
  /** The model's SELECT with every ref, source and macro rendered. */
  sql: string
}

/** What the compiled project runs against; `schema` is the ClickHouse database. */
export interface CompileTarget {
  name: string
  schema: string
}

export interface CompileOptions {
  target: CompileTarget
  vars?: Record<string, unknown>
  env?: NodeJS.ProcessEnv
  runStartedAt?: Date
}

export interface CompiledProject {
  name: string
  /** Enabled models, each after every model it depends on. */
  nodes: ModelNode[]
}

/** One problem found while compiling, located as precisely as is known. */
export interface CompileProblem {
  file: string
  model?: string
  message: string
}

/** Every compile problem of a project, reported together. */
export class CompileError extends Error {
  override name = 'CompileError'
  constructor(readonly problems: CompileProblem[]) {
    super(
      problems
        .map((p) => `${p.file}${p.model ? ` (model ${p.model})` : ''}: ${p.message}`)
        .join('\n'),
    )
  }
}

const MATERIALIZATIONS = new Set<string>(['view', 'table'])

/**
 * Renders every model of `project` and orders them by their refs. Pure: reads nothing but
 * its arguments, so the same project and options always give the same graph.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
  const problems: CompileProblem[] = []
  const byName = new Map(project.models.map((model) => [model.name, model]))
  const parsed = new Map<string, { config: ModelConfig; dependsOn: string[] }>()

  // Parse pass, as dbt does: render once with refs recorded rather than resolved, to learn
  // each model's config and dependencies before any relation name is needed.
  for (const model of project.models) {
    const dependsOn: string[] = []
    const config = folderConfig(project, model)
    try {
      render(project, model, options, {
        ref: (name) => {
          if (!byName.has(name)) throw new Error(`ref('${name}') names no model in this project`)
          if (!dependsOn.includes(name)) dependsOn.push(name)
          return quoteIdentifier(name)
        },
        config: (kwargs) => Object.assign(config, kwargs),
      })
      validateConfig(config)
      parsed.set(model.name, { config, dependsOn })
    } catch (error) {
      problems.push({ file: model.path, model: model.name, message: messageOf(error) })
    }
  }
  if (problems.length > 0) throw new CompileError(problems)

  const enabled = project.models.filter((model) => parsed.get(model.name)?.config.enabled)
  const ordered = topologicalOrder(enabled, parsed, problems)
  if (problems.length > 0) throw new CompileError(problems)

  const schema = options.target.schema
  const nodes = ordered.map((model): ModelNode => {
    const { config, dependsOn } = parsed.get(model.name) as {
      config: ModelConfig
      dependsOn: string[]
    }
    const sql = render(project, model, options, {
      ref: (name) => relation(schema, name),
      config: () => undefined,
    })
    return { name: model.name, path: model.path, config, dependsOn, schema, sql: sql.trim() }
  })
  return { name: project.name, nodes }
}

interface Hooks {
  ref: (name: string) => string
  config: (kwargs: Record<string, unknown>) => unknown
}

function render(project: Project, model: ModelFile, options: CompileOptions, hooks: Hooks): string {
  const env = options.env ?? process.env
  const vars = { ...project.vars, ...options.vars }
  const target = { name: options.target.name, schema: options.target.schema, type: 'clickhouse' }
  const sourceRelation = (sourceName: string, tableName: string) => {
    const table = project.sources.find((s) => s.source === sourceName && s.table === tableName)
    if (!table)
      throw new Error(`source('${sourceName}', '${tableName}') is not declared in any YAML`)
    const schema = renderJinja(table.schema, { target, env_var: envVar(env) })
    return relation(schema, table.identifier)
  }
  return renderJinja(model.sql, {
    ref: (...args: unknown[]) => hooks.ref(String(args.length > 1 ? args[1] : args[0])),
    source: (sourceName: unknown, tableName: unknown) =>
      sourceRelation(String(sourceName), String(tableName)),
    config: (kwargs: unknown) => {
      hooks.config(isRecord(kwargs) ? kwargs : {})
      return ''
    },
    var: (name: unknown, fallback: unknown) => {
      const key = String(name)
      if (key in vars) return vars[key]
      if (fallback !== undefined) return fallback
      throw new Error(`var('${key}') is not defined and has no default`)
    },
    env_var: envVar(env),
    target,
    this: relation(options.target.schema, model.name),
    is_incremental: () => false,
    run_started_at: (options.runStartedAt ?? new Date()).toISOString(),
  })
}

function envVar(env: NodeJS.ProcessEnv) {
  return (name: unknown, fallback: unknown) => {
    const value = env[String(name)]
    if (value !== undefined) return value
    if (fallback !== undefined) return fallback
    throw new Error(`env_var('${String(name)}') is not set and has no default`)
  }
}

function relation(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
}

/** Folder-level `+key` settings of dbt_project.yml along the model's folders. */
function folderConfig(project: Project, model: ModelFile): ModelConfig {
  const config: ModelConfig = {
    materialized: 'view',
    enabled: true,
    tags: [],
    engine: 'MergeTree()',
    order_by: 'tuple()',
  }
  let level = project.modelConfig[project.name]
  for (const folder of [null, ...model.folders]) {
    if (folder !== null) level = isRecord(level) ? level[folder] : undefined
    if (!isRecord(level)) break
    for (const [key, value] of Object.entries(level)) {
      if (key.startsWith('+')) Object.assign(config, { [key.slice(1)]: value })
      else if (!isRecord(value)) Object.assign(config, { [key]: value })
    }
  }
  return config
}

function validateConfig(config: ModelConfig): void {
  if (!MATERIALIZATIONS.has(config.materialized)) {
    throw new Error(
      `materialized='${String(config.materialized)}' is not supported (use ${[...MATERIALIZATIONS].join(', ')})`,
    )
  }
  if (typeof config.tags === 'string') config.tags = [config.tags]
}

function topologicalOrder(
  models: ModelFile[],
  parsed: Map<string, { dependsOn: string[] }>,
  problems: CompileProblem[],
): ModelFile[] {
  const byName = new Map(models.map((model) => [model.name, model]))
  const state = new Map<string, 'visiting' | 'done'>()
  const ordered: ModelFile[] = []
  const visit = (model: ModelFile, chain: string[]) => {
    const seen = state.get(model.name)
    if (seen === 'done') return
    if (seen === 'visiting') {
      const cycle = [...chain.slice(chain.indexOf(model.name)), model.name]
      problems.push({
        file: model.path,
        model: model.name,
        message: `dependency cycle: ${cycle.join(' -> ')}`,
      })
      return
    }
    state.set(model.name, 'visiting')
    for (const dependency of parsed.get(model.name)?.dependsOn ?? []) {
      const upstream = byName.get(dependency)
      if (!upstream) {
        problems.push({
          file: model.path,
          model: model.name,
          message: `depends on disabled model ${dependency}`,
        })
      } else {
        visit(upstream, [...chain, model.name])
      }
    }
    state.set(model.name, 'done')
    ordered.push(model)
  }
  for (const model of models) visit(model, [])
  return ordered
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
