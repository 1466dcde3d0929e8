import { createHash } from 'node:crypto'
import { quoteIdentifier } from '@leadhouse/warehouse'
import { ModelsError } from '../errors.js'
import type { GraphNode } from '../graph.js'
import { JinjaError, macroSource, renderJinja } from '../jinja.js'
import {
  type ColumnProperties,
  isRecord,
  type Project,
  type ProjectFile,
  type TestDefinition,
} from '../project.js'

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

export interface CompiledNode extends GraphNode {
  /** ClickHouse database the node's relation lives in. */
  schema: string
  /** The relation's name in `schema` (models and seeds). */
  alias: string
  /** `` `schema`.`alias` ``; empty for tests and ephemeral models. */
  relationName: string
  /** The file as written. */
  rawCode: string
  /** Models: the SELECT, ephemeral CTEs included. Tests: the query of failing rows. */
  sql: string
  /** Incremental models: the SELECT with `is_incremental()` true. */
  incrementalSql?: string
  /** Models: `pre_hook` and `post_hook` statements, rendered as the model is. */
  hooks?: Hooks
  /** Incremental models: the hooks with `is_incremental()` true. */
  incrementalHooks?: Hooks
  config: ModelConfig | TestConfig | Record<string, unknown>
  description: string
  columns: ColumnProperties[]
  /** Seeds: the CSV text. */
  csv?: string
  /** Tests: the model or seed tested, and its column. */
  attachedTo?: { uniqueId: string; column?: string | undefined }
}

/** SQL run before and after a model's own statements (dbt's `pre_hook` and `post_hook`). */
export interface Hooks {
  pre: string[]
  post: string[]
}

export interface ModelNode extends CompiledNode {
  resourceType: 'model'
  config: ModelConfig
}

/** What the compiled project runs against; `schema` is the ClickHouse database. */
export interface CompileTarget {
  name: string
  schema: string
  /** `profiles.yml` settings of the target, visible as `target.*`. */
  [key: string]: unknown
}

export interface CompileOptions {
  target: CompileTarget
  vars?: Record<string, unknown>
  env?: NodeJS.ProcessEnv
  runStartedAt?: Date
}

export interface CompiledProject {
  name: string
  /** Enabled seeds, models and tests, each after every node it depends on. */
  nodes: CompiledNode[]
  /** The project's macros, as the preamble of every template. */
  macros: string
}

/** One problem found while compiling, located as precisely as is known. */
export interface CompileProblem {
  file: string
  line?: number | undefined
  model?: string | undefined
  message: string
}

/** Every compile problem of a project, reported together. */
export class CompileError extends ModelsError {
  override name = 'CompileError'
  constructor(readonly problems: CompileProblem[]) {
    super(
      problems
        .map(
          (p) =>
            `${p.file}${p.line ? `:${p.line}` : ''}${p.model ? ` (${p.model})` : ''}: ${p.message}`,
        )
        .join('\n'),
    )
  }
}

const MATERIALIZATIONS = new Set<string>(['view', 'table', 'incremental', 'ephemeral'])
const STRATEGIES = new Set<string>(['append', 'delete+insert'])

/** Config keys of dbt and dbt-clickhouse that models may set; anything else is a typo. */
const MODEL_CONFIG_KEYS = new Set([
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

const GENERIC_TESTS = new Set(['not_null', 'unique', 'accepted_values', 'relationships'])

/**
 * Renders every seed, model and test of `project` and orders them by their dependencies.
 * Pure: reads nothing but its arguments, so the same project and options always give the same
 * graph. Every problem is collected and thrown together as a CompileError.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
  const problems: CompileProblem[] = []
  const context = renderContext(project, options)
  let macros = ''
  try {
    macros = macroSource(project.macros)
  } catch (error) {
    const file = project.macros.find((macro) => messageOf(error).startsWith(macro.path))
    problems.push({ file: file?.path ?? 'macros', message: messageOf(error) })
    throw new CompileError(problems)
  }
  const schemaFor = (custom: string | undefined, node: ProjectFile): string => {
    if (!definesMacro(macros, 'generate_schema_name'))
      return custom ? `${options.target.schema}_${custom.trim()}` : options.target.schema
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

  const byName = new Map<string, CompiledNode>()
  const modelFiles = new Map<string, ProjectFile>()
  const duplicate = (file: ProjectFile) => {
    const first = byName.get(file.name)
    if (first) {
      problems.push({
        file: file.path,
        model: file.name,
        message: `two resources are named ${file.name}: ${first.path} and ${file.path}`,
      })
      return true
    }
    return false
  }

  for (const seed of project.seeds) {
    if (duplicate(seed)) continue
    const properties = project.properties.get(seed.name)
    const config = {
      ...folderConfig(project.seedConfig, project.name, seed.folders),
      ...properties?.config,
    }
    const unknown = Object.keys(config).find((key) => !MODEL_CONFIG_KEYS.has(key))
    if (unknown) problems.push(unknownKey(seed, unknown))
    if (config.enabled === false) continue
    const schema = schemaFor(text(config.schema), seed)
    const alias = text(config.alias) ?? seed.name
    byName.set(seed.name, {
      uniqueId: `seed.${project.name}.${seed.name}`,
      resourceType: 'seed',
      name: seed.name,
      fqn: [project.name, ...seed.folders, seed.name],
      path: seed.path,
      tags: tagsOf(config.tags),
      dependsOn: [],
      schema,
      alias,
      relationName: relation(schema, alias),
      rawCode: '',
      sql: '',
      config: { column_types: {}, ...config },
      description: properties?.description ?? '',
      columns: properties?.columns ?? [],
      csv: seed.text,
    })
  }

  // Parse pass, as dbt does: render once with refs recorded rather than resolved, to learn
  // each model's config and dependencies before any relation name is needed.
  const parsed = new Map<string, { config: ModelConfig; refs: string[] }>()
  for (const model of project.models) {
    if (duplicate(model)) continue
    modelFiles.set(model.name, model)
    const refs: string[] = []
    const config: ModelConfig = {
      ...defaultModelConfig(),
      ...folderConfig(project.modelConfig, project.name, model.folders),
      ...project.properties.get(model.name)?.config,
    }
    try {
      renderJinja(
        model.text,
        {
          ...context,
          model: { name: model.name, path: model.path },
          ref: refRecorder(refs),
          config: (kwargs: unknown) => {
            if (isRecord(kwargs)) Object.assign(config, kwargs)
            return ''
          },
          is_incremental: () => false,
        },
        macros,
      )
      const problem = configProblem(config)
      if (problem) throw new Error(problem)
      config.tags = tagsOf(config.tags)
      parsed.set(model.name, { config, refs })
      // A placeholder until the final render: refs between models are checked against it.
      byName.set(model.name, placeholder(project, model, config))
    } catch (error) {
      problems.push(located(model, error))
    }
  }
  for (const [name, { refs }] of parsed) {
    const model = modelFiles.get(name) as ProjectFile
    // A model that failed to parse exists: its own error says what is wrong.
    for (const ref of refs)
      if (!byName.has(ref) && !modelFiles.has(ref))
        problems.push({
          file: model.path,
          model: name,
          message: `ref('${ref}') names no model or seed in this project`,
        })
  }
  if (problems.length > 0) throw new CompileError(problems)

  // Disabled models are left out; refs to them are errors, as in dbt.
  for (const [name, { config, refs }] of parsed) {
    if (!config.enabled) {
      byName.delete(name)
      continue
    }
    const disabled = refs.find((ref) => parsed.get(ref)?.config.enabled === false)
    if (disabled)
      problems.push({
        file: modelFiles.get(name)?.path ?? '',
        model: name,
        message: `ref('${disabled}') names a disabled model`,
      })
  }
  const cycle = findCycle(parsed, modelFiles)
  if (cycle) problems.push(cycle)
  if (problems.length > 0) throw new CompileError(problems)

  // Relations are known now: render every model with its refs resolved, in dependency order
  // so an ephemeral model's SQL is ready before the models that inline it.
  const ephemeral = new Map<string, string>()
  for (const name of dependencyOrder(
    [...parsed.keys()].filter((n) => byName.has(n)),
    parsed,
  )) {
    const model = modelFiles.get(name) as ProjectFile
    const { config, refs } = parsed.get(name) as { config: ModelConfig; refs: string[] }
    const node = byName.get(name) as CompiledNode
    const schema = schemaFor(config.schema, model)
    const alias = config.alias ?? model.name
    Object.assign(node, {
      schema,
      alias,
      relationName: config.materialized === 'ephemeral' ? '' : relation(schema, alias),
      dependsOn: unique(builtUpstream(refs, parsed, byName)),
    })
    const renderWith = (incremental: boolean) => {
      const ctes: string[] = []
      const render = (text: string) =>
        renderJinja(
          text,
          {
            ...context,
            model: { name: model.name, path: model.path },
            ref: (...args: unknown[]) => {
              const target = byName.get(refName(args)) as CompiledNode
              if (target.resourceType === 'model' && ephemeral.has(target.name)) {
                for (const cte of ephemeralChain(target.name, parsed, ephemeral))
                  if (!ctes.includes(cte)) ctes.push(cte)
                return `__dbt__cte__${target.name}`
              }
              return target.relationName
            },
            config: () => '',
            this: relation(schema, alias),
            is_incremental: () => incremental,
          },
          macros,
        ).trim()
      const sql = render(model.text)
      const hooks = (when: 'pre' | 'post') =>
        hookTexts(config, when)
          .map(render)
          .filter((hook) => hook !== '')
      return { sql, ctes, hooks: { pre: hooks('pre'), post: hooks('post') } }
    }
    try {
      const { sql, ctes, hooks } = renderWith(false)
      node.sql = injectCtes(sql, ctes)
      node.hooks = hooks
      if (config.materialized === 'incremental') {
        const incremental = renderWith(true)
        node.incrementalSql = injectCtes(incremental.sql, incremental.ctes)
        node.incrementalHooks = incremental.hooks
      }
      // Its own ephemeral upstreams are listed by the chain of whoever inlines it.
      if (config.materialized === 'ephemeral')
        ephemeral.set(name, `__dbt__cte__${name} as (\n${sql}\n)`)
    } catch (error) {
      problems.push(located(model, error))
    }
  }

  const tests = compileTests(project, byName, context, macros, problems)
  if (problems.length > 0) throw new CompileError(problems)

  // Descriptions may use doc('name') and other Jinja, as in dbt.
  const described = (description: string, where: string) => {
    if (!description.includes('{')) return description
    try {
      return renderJinja(description, context).trim()
    } catch (error) {
      problems.push({ file: where, message: `description: ${messageOf(error)}` })
      return description
    }
  }
  for (const node of byName.values()) {
    const file = project.properties.get(node.name)?.file ?? node.path
    node.description = described(node.description, file)
    node.columns = node.columns.map((column) => ({
      ...column,
      description: described(column.description, file),
    }))
  }
  if (problems.length > 0) throw new CompileError(problems)

  const graph = [...byName.values()].filter(
    (node) =>
      !(node.resourceType === 'model' && (node.config as ModelConfig).materialized === 'ephemeral'),
  )
  const nodes = orderNodes([...graph, ...tests])
  return { name: project.name, nodes, macros }
}

/** Generic tests from properties YAML and singular tests from the test paths. */
function compileTests(
  project: Project,
  byName: Map<string, CompiledNode>,
  context: Record<string, unknown>,
  macros: string,
  problems: CompileProblem[],
): CompiledNode[] {
  const tests: CompiledNode[] = []
  const projectTestConfig = folderConfig(project.testConfig, project.name, [])
  const add = (
    name: string,
    path: string,
    sql: string,
    dependsOn: string[],
    config: Record<string, unknown>,
    attachedTo?: CompiledNode['attachedTo'],
    rawCode = '',
  ) => {
    const merged = { ...projectTestConfig, ...config }
    const severity = String(merged.severity ?? 'error').toLowerCase()
    if (severity !== 'error' && severity !== 'warn') {
      problems.push({ file: path, model: name, message: `severity must be error or warn` })
      return
    }
    if (merged.enabled === false) return
    const testConfig: TestConfig = {
      severity,
      where: text(merged.where),
      enabled: true,
      tags: tagsOf(merged.tags),
    }
    tests.push({
      uniqueId: `test.${project.name}.${name}`,
      resourceType: 'test',
      name,
      fqn: [project.name, ...path.split('/').slice(1, -1), name],
      path,
      tags: testConfig.tags,
      dependsOn: unique(dependsOn),
      schema: '',
      alias: name,
      relationName: '',
      rawCode,
      sql,
      config: testConfig,
      description: '',
      columns: [],
      ...(attachedTo ? { attachedTo } : {}),
    })
  }

  const testedResources: [
    CompiledNode | undefined,
    string,
    ColumnProperties[],
    TestDefinition[],
    string,
  ][] = []
  for (const [name, properties] of project.properties) {
    const node = byName.get(name)
    if (!node && (properties.columns.some((c) => c.tests.length) || properties.tests.length)) {
      // Tests of a disabled model are disabled with it; of an unknown one, an error.
      if (
        !project.models.some((m) => m.name === name) &&
        !project.seeds.some((s) => s.name === name)
      )
        problems.push({
          file: properties.file,
          message: `describes ${name}, which is no model or seed in this project`,
        })
      continue
    }
    testedResources.push([node, name, properties.columns, properties.tests, properties.file])
  }
  for (const source of project.sources) {
    const node = sourceNode(project, source, context)
    testedResources.push([
      node,
      `${source.source}_${source.table}`,
      source.columns,
      source.tests,
      source.file,
    ])
  }

  for (const [node, resourceName, columns, resourceTests, file] of testedResources) {
    if (!node) continue
    const definitions = [
      ...resourceTests.map((test) => ({ test, column: undefined as string | undefined })),
      ...columns.flatMap((column) => column.tests.map((test) => ({ test, column: column.name }))),
    ]
    for (const { test, column } of definitions) {
      const { config: testConfigArg, ...rawArgs } = test.args
      const config = {
        ...(isRecord(testConfigArg) ? testConfigArg : {}),
        ...(rawArgs.severity !== undefined ? { severity: rawArgs.severity } : {}),
        ...(rawArgs.where !== undefined ? { where: rawArgs.where } : {}),
      }
      const { severity: _s, where: _w, ...args } = rawArgs
      const dependsOn = [node.uniqueId]
      const renderArg = (value: unknown): unknown => {
        if (typeof value !== 'string') return value
        // dbt reads `to: ref('customers')` as the expression it is, braces or not.
        const expression = /^\s*(ref|source)\(.*\)\s*$/s.test(value) ? `{{ ${value} }}` : value
        if (!expression.includes('{{')) return value
        return renderJinja(
          expression,
          {
            ...context,
            ref: (...refArgs: unknown[]) => {
              const target = byName.get(refName(refArgs))
              if (!target) throw new Error(`ref('${refName(refArgs)}') names no model or seed`)
              dependsOn.push(target.uniqueId)
              return target.relationName
            },
          },
          macros,
        )
      }
      const prefix = node.resourceType === 'source' ? 'source_' : ''
      const name = testName(`${prefix}${test.name}`, resourceName, column, args)
      try {
        const renderedArgs = Object.fromEntries(
          Object.entries(args).map(([key, value]) => [key, renderArg(value)]),
        )
        const where = text(config.where)
        const model = where
          ? `(select * from ${node.relationName} where ${where}) dbt_subquery`
          : node.relationName
        const sql = genericTestSql(test.name, model, column, renderedArgs, macros, context)
        add(name, file, sql, dependsOn, config, {
          uniqueId: node.uniqueId,
          ...(column ? { column } : {}),
        })
      } catch (error) {
        problems.push({ file, model: name, message: messageOf(error) })
      }
    }
  }

  for (const file of project.singularTests) {
    const refs: string[] = []
    const config: Record<string, unknown> = {}
    try {
      const sql = renderJinja(
        file.text,
        {
          ...context,
          ref: (...args: unknown[]) => {
            const target = byName.get(refName(args))
            if (!target) throw new Error(`ref('${refName(args)}') names no model or seed`)
            refs.push(target.uniqueId)
            return target.relationName
          },
          config: (kwargs: unknown) => {
            if (isRecord(kwargs)) Object.assign(config, kwargs)
            return ''
          },
        },
        macros,
      ).trim()
      add(file.name, file.path, sql, refs, config, undefined, file.text)
    } catch (error) {
      problems.push(located(file, error))
    }
  }
  return tests
}

/** A source table as a node tests can attach to (sources are not built, only read). */
function sourceNode(
  project: Project,
  source: Project['sources'][number],
  context: Record<string, unknown>,
): CompiledNode {
  const schema = renderJinja(source.schema, context).trim()
  return {
    uniqueId: `source.${project.name}.${source.source}.${source.table}`,
    resourceType: 'source',
    name: source.table,
    fqn: [project.name, source.source, source.table],
    path: source.file,
    tags: [],
    dependsOn: [],
    schema,
    alias: source.identifier,
    relationName: relation(schema, source.identifier),
    rawCode: '',
    sql: '',
    config: {},
    description: source.description,
    columns: source.columns,
  }
}

/** The query of failing rows of one of dbt's four generic tests, or of a project's own. */
function genericTestSql(
  name: string,
  model: string,
  column: string | undefined,
  args: Record<string, unknown>,
  macros: string,
  context: Record<string, unknown>,
): string {
  const needColumn = () => {
    if (!column) throw new Error(`the ${name} test belongs under a column`)
    return quoteIdentifier(column)
  }
  switch (name) {
    case 'not_null':
      return `select ${needColumn()}\nfrom ${model}\nwhere ${needColumn()} is null`
    case 'unique':
      return [
        `select ${needColumn()} as unique_field, count(*) as n_records`,
        `from ${model}`,
        `where ${needColumn()} is not null`,
        `group by ${needColumn()}`,
        'having count(*) > 1',
      ].join('\n')
    case 'accepted_values': {
      const values = args.values
      if (!Array.isArray(values) || values.length === 0)
        throw new Error('accepted_values needs "values", a non-empty list')
      const quote = args.quote !== false
      const list = values
        .map((value) =>
          quote ? `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value),
        )
        .join(', ')
      return [
        'with all_values as (',
        `    select ${needColumn()} as value_field, count(*) as n_records`,
        `    from ${model}`,
        `    group by ${needColumn()}`,
        ')',
        'select * from all_values',
        `where value_field not in (${list})`,
      ].join('\n')
    }
    case 'relationships': {
      if (typeof args.to !== 'string' || typeof args.field !== 'string')
        throw new Error(`relationships needs "to" (e.g. ref('customers')) and "field"`)
      // ClickHouse's outer joins fill missing rows with defaults, not NULLs: NOT IN instead.
      return [
        'with child as (',
        `    select ${needColumn()} as from_field from ${model} where ${needColumn()} is not null`,
        ')',
        'select from_field from child',
        `where from_field not in (select ${quoteIdentifier(args.field)} from ${args.to})`,
      ].join('\n')
    }
  }
  const macroName = `test_${name}`
  if (!definesMacro(macros, macroName))
    throw new Error(
      `unknown test ${name}: not one of ${[...GENERIC_TESTS].join(', ')}, and no {% test ${name}(...) %} in the macros`,
    )
  const keywordArgs = [
    'model=__model',
    ...(column ? ['column_name=__column'] : []),
    ...Object.keys(args).map((key) => `${key}=__args.${key}`),
  ]
  return renderJinja(
    `{{ ${macroName}(${keywordArgs.join(', ')}) }}`,
    { ...context, __model: model, __column: column ?? null, __args: args },
    macros,
  ).trim()
}

/** dbt's test names: `not_null_orders_id`, `accepted_values_orders_status__a__b`. */
function testName(
  test: string,
  resource: string,
  column: string | undefined,
  args: Record<string, unknown>,
): string {
  // As dbt: arguments by name, values as Python prints them, anything but [0-9a-zA-Z_] as `_`.
  const python = (value: unknown) =>
    typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value)
  const argParts = Object.entries(args)
    .filter(([key]) => key !== 'config')
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .map((value) => python(value).replace(/[^0-9a-zA-Z_]+/g, '_'))
  const identifier = `${test}_${resource}${column ? `_${column}` : ''}`
  const name = [identifier, ...argParts].join('__')
  if (name.length < 64) return name
  const hash = createHash('md5').update(name).digest('hex')
  // dbt truncates the test and the model, without the column, to 30 characters.
  return `${`${test}_${resource}`.slice(0, 30)}_${hash}`
}

/** What every template sees: vars, env_var, target, run_started_at, source. */
function renderContext(project: Project, options: CompileOptions): Record<string, unknown> {
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

/** Whether the macro preamble defines `name`. */
function definesMacro(macros: string, name: string): boolean {
  return new RegExp(`{%-?\\s*macro\\s+${name}\\s*\\(`).test(macros)
}

function refRecorder(refs: string[]) {
  return (...args: unknown[]) => {
    const name = refName(args)
    if (!refs.includes(name)) refs.push(name)
    return quoteIdentifier(name)
  }
}

/** `ref('name')`, or `ref('package', 'name')`. */
function refName(args: unknown[]): string {
  return String(args.length > 1 && typeof args[1] === 'string' ? args[1] : args[0])
}

/**
 * The unique ids of the built nodes `refs` read from: an ephemeral model is inlined, never
 * built, so a model that refs it depends on what the ephemeral model refs, transitively.
 */
function builtUpstream(
  refs: string[],
  parsed: Map<string, { config: ModelConfig; refs: string[] }>,
  byName: Map<string, CompiledNode>,
): string[] {
  return refs.flatMap((ref) =>
    parsed.get(ref)?.config.materialized === 'ephemeral'
      ? builtUpstream(parsed.get(ref)?.refs ?? [], parsed, byName)
      : [(byName.get(ref) as CompiledNode).uniqueId],
  )
}

/** The CTEs an ephemeral model needs, its own ephemeral upstreams first. */
function ephemeralChain(
  name: string,
  parsed: Map<string, { config: ModelConfig; refs: string[] }>,
  ephemeral: Map<string, string>,
): string[] {
  const chain: string[] = []
  for (const ref of parsed.get(name)?.refs ?? [])
    if (ephemeral.has(ref)) chain.push(...ephemeralChain(ref, parsed, ephemeral))
  chain.push(ephemeral.get(name) as string)
  return chain
}

/**
 * Puts ephemeral models in front of a query as CTEs; a query with its own WITH gets them
 * first in that list, as dbt does.
 */
export function injectCtes(sql: string, ctes: string[]): string {
  if (ctes.length === 0) return sql
  const leadingWith = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*)with\s/i.exec(sql)
  if (leadingWith)
    return `${leadingWith[1]}with ${ctes.join(',\n')},\n${sql.slice(leadingWith[0].length)}`
  return `with ${ctes.join(',\n')}\n${sql}`
}

function placeholder(project: Project, model: ProjectFile, config: ModelConfig): CompiledNode {
  const properties = project.properties.get(model.name)
  return {
    uniqueId: `model.${project.name}.${model.name}`,
    resourceType: 'model',
    name: model.name,
    fqn: [project.name, ...model.folders, model.name],
    path: model.path,
    tags: tagsOf(config.tags),
    dependsOn: [],
    schema: '',
    alias: model.name,
    relationName: '',
    rawCode: model.text,
    sql: '',
    config,
    description: properties?.description ?? '',
    columns: properties?.columns ?? [],
  }
}

function defaultModelConfig(): ModelConfig {
  return {
    materialized: 'view',
    enabled: true,
    tags: [],
    engine: 'MergeTree()',
    order_by: 'tuple()',
  }
}

/** Folder-level `+key` settings along `folders`, the deepest winning. */
function folderConfig(
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
function hookTexts(config: ModelConfig, when: 'pre' | 'post'): string[] {
  return hookList(config[`${when}_hook`] ?? config[`${when}-hook`]).map((hook) =>
    isRecord(hook) ? String(hook.sql) : String(hook),
  )
}

/** A hook config's value as a list: dbt takes one hook or several. */
function hookList(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]
}

function configProblem(config: ModelConfig): string | undefined {
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

function unknownKey(file: ProjectFile, key: string): CompileProblem {
  return { file: file.path, model: file.name, message: `unknown config key '${key}'` }
}

function located(file: ProjectFile, error: unknown): CompileProblem {
  return {
    file: file.path,
    ...(error instanceof JinjaError && error.line ? { line: error.line } : {}),
    model: file.name,
    message: messageOf(error),
  }
}

function findCycle(
  parsed: Map<string, { refs: string[] }>,
  files: Map<string, ProjectFile>,
): CompileProblem | undefined {
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, chain: string[]): string[] | undefined => {
    if (state.get(name) === 'done' || !parsed.has(name)) return undefined
    if (state.get(name) === 'visiting') return [...chain.slice(chain.indexOf(name)), name]
    state.set(name, 'visiting')
    for (const ref of parsed.get(name)?.refs ?? []) {
      const cycle = visit(ref, [...chain, name])
      if (cycle) return cycle
    }
    state.set(name, 'done')
    return undefined
  }
  for (const name of parsed.keys()) {
    const cycle = visit(name, [])
    if (cycle)
      return {
        file: files.get(cycle[0] as string)?.path ?? '',
        model: cycle[0],
        message: `dependency cycle: ${cycle.join(' -> ')}`,
      }
  }
  return undefined
}

function dependencyOrder(names: string[], parsed: Map<string, { refs: string[] }>): string[] {
  const ordered: string[] = []
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name) || !parsed.has(name) || !names.includes(name)) return
    seen.add(name)
    for (const ref of parsed.get(name)?.refs ?? []) visit(ref)
    ordered.push(name)
  }
  for (const name of names) visit(name)
  return ordered
}

/** Every node after the nodes it depends on; ties keep seeds, then models, then tests, in file order. */
export function orderNodes<T extends GraphNode>(nodes: T[]): T[] {
  const byId = new Map(nodes.map((node) => [node.uniqueId, node]))
  const ordered: T[] = []
  const seen = new Set<string>()
  const visit = (node: T) => {
    if (seen.has(node.uniqueId)) return
    seen.add(node.uniqueId)
    for (const parent of node.dependsOn) {
      const upstream = byId.get(parent)
      if (upstream) visit(upstream)
    }
    ordered.push(node)
  }
  for (const node of nodes) visit(node)
  return ordered
}

function relation(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
}

function tagsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.map(String) : []
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
