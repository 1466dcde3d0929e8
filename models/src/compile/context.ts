/**
 * What every compile step shares (the session, as Dataform's core calls it): the project, the
 * Jinja context its templates see, its macros, the nodes found so far, and the problems
 * collected so far. Also the helpers refs and relations are resolved with.
 */
import { quoteIdentifier } from '@leadhouse/warehouse'
import type { CompileProblem } from '../errors.js'
import { renderJinja } from '../jinja.js'
import type { Project, ProjectFile } from '../project.js'
import { refTarget, type VersionedModel } from '../versions.js'
import type { CompiledNode, CompileOptions, CompileTarget } from './types.js'

export interface CompileSession {
  project: Project
  /** What every template sees: see renderContext. */
  context: Record<string, unknown>
  /** The project's macros, the preamble of every template. */
  macros: string
  /** Collected, never thrown one by one: the entry throws them together. */
  problems: CompileProblem[]
  /** Seeds and models by name, as `ref()` finds them. */
  byName: Map<string, CompiledNode>
  /** The database a seed's or model's relation lives in, given its `schema` config. */
  schemaFor(custom: string | undefined, file: ProjectFile): string
  /** Versioned models by name: the file each version is defined in, and the latest. */
  versions: Map<string, VersionedModel>
}

/** What every template sees: vars, env_var, target, run_started_at, source. */
export function renderContext(project: Project, options: CompileOptions): Record<string, unknown> {
  const env = options.env ?? process.env
  const vars = { ...project.vars, ...options.vars }
  const target = { type: 'clickhouse', threads: 1, ...options.target }
  const envVar = (name: unknown, fallback: unknown) => {
    const value = env[String(name)]
    if (value !== undefined) return value
    if (fallback !== undefined) return fallback
    throw new Error(`env_var('${String(name)}') is not set and has no default`)
  }
  const base = { target, env_var: envVar }
  return {
    ...base,
    // A default given as `none` arrives as undefined: the argument count says it was given.
    var: (...args: unknown[]) => {
      const key = String(args[0])
      if (key in vars) return vars[key]
      if (args.length > 1) return args[1] ?? null
      throw new Error(`var('${key}') is not defined and has no default`)
    },
    run_started_at: (options.runStartedAt ?? new Date()).toISOString(),
    project_name: project.name,
    source: (sourceName: unknown, tableName: unknown) => {
      const table = project.sources.find(
        (s) => s.source === String(sourceName) && s.table === String(tableName),
      )
      if (!table)
        throw new Error(
          `source('${String(sourceName)}', '${String(tableName)}') is not declared in any YAML`,
        )
      return relation(renderJinja(table.schema, base).trim(), table.identifier)
    },
    doc: (name: unknown) => project.docs.get(String(name)) ?? '',
    log: () => '',
    return: (value: unknown) => value,
  }
}

/**
 * dbt's schema naming: `<target schema>_<custom>`, or the target's schema without a custom one,
 * unless the project's macros define their own `generate_schema_name`.
 */
export function schemaResolver(
  context: Record<string, unknown>,
  macros: string,
  target: CompileTarget,
): CompileSession['schemaFor'] {
  return (custom, node) => {
    if (!definesMacro(macros, 'generate_schema_name'))
      return custom ? `${target.schema}_${custom.trim()}` : target.schema
    return renderJinja(
      '{{ generate_schema_name(custom_schema_name, node) }}',
      {
        ...context,
        custom_schema_name: custom ?? null,
        node: { name: node.name, path: node.path },
      },
      macros,
    ).trim()
  }
}

/** Whether another seed or model already has `file`'s name; if so, that is a problem. */
export function isDuplicate(session: CompileSession, file: ProjectFile): boolean {
  const first = session.byName.get(file.name)
  if (!first) return false
  session.problems.push({
    file: file.path,
    model: file.name,
    message: `two resources are named ${file.name}: ${first.path} and ${file.path}`,
  })
  return true
}

/** Whether the macro preamble defines `name`. */
export function definesMacro(macros: string, name: string): boolean {
  return new RegExp(`{%-?\\s*macro\\s+${name}\\s*\\(`).test(macros)
}

/** `ref()` for the parse pass: records the name, resolves nothing yet. */
export function refRecorder(refs: string[], versions: Map<string, VersionedModel>) {
  return (...args: unknown[]) => {
    const name = refName(args, versions)
    if (!refs.includes(name)) refs.push(name)
    return quoteIdentifier(name)
  }
}

/**
 * The model or seed `ref('name')` or `ref('package', 'name')` names: for a versioned model, the
 * file of its latest version, or of the version `v=` asks for.
 */
export function refName(args: unknown[], versions: Map<string, VersionedModel>): string {
  return refTarget(args, versions)
}

export function relation(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}
