import {
  ClickHouseCode,
  quoteIdentifier,
  toClickHouseError,
  type Warehouse,
} from '@leadhouse/warehouse'
import type { CompiledNode, CompiledProject, ModelNode, TestConfig } from './compile.js'
import {
  buildsIncrementally,
  type ExistingRelation,
  type MaterializeOptions,
  materializationStatements,
  type NewRows,
  schemaChangePolicy,
  tableStatements,
} from './materializations.js'
import { loadSeed, type SeedConfig } from './seeds.js'

/** dbt's statuses: models and seeds succeed or fail, tests pass, warn or fail. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn'

export interface NodeResult {
  uniqueId: string
  name: string
  resourceType: CompiledNode['resourceType']
  /** view, table, incremental, seed or test. */
  materialized: string
  status: NodeStatus
  seconds: number
  /** Rows in the built table or seed; failing rows of a test. */
  rows?: number
  /** Why it failed, or which failed node it depended on. */
  message?: string
  relationName: string
  startedAt: string
  completedAt: string
  threadId: string
}

export interface RunResult {
  results: NodeResult[]
  seconds: number
  /** True when nothing errored or failed (warnings are fine). */
  success: boolean
}

export interface RunOptions extends MaterializeOptions {
  /** Nodes run at once; a node starts once everything it depends on is done. Default 1. */
  threads?: number
  /** Unique ids to run; default all. Nodes outside the set are assumed built. */
  only?: ReadonlySet<string>
  /** Called when a node starts, for progress output; `index` is 1-based in the run's order. */
  onNodeStart?: (node: CompiledNode, index: number, total: number) => void
  /** Called after each node, for progress output. */
  onNodeDone?: (result: NodeResult, index: number, total: number) => void
}

/**
 * Runs the project's nodes: seeds load, models build, tests count their failing rows. Up to
 * `threads` at once, each after everything it depends on. A node whose upstream failed is
 * skipped, and so are the models downstream of a failing test of their parent, as `dbt build`
 * does; the rest of the graph goes on.
 */
export async function runProject(
  compiled: CompiledProject,
  warehouse: Warehouse,
  options: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now()
  const nodes = compiled.nodes.filter((node) => !options.only || options.only.has(node.uniqueId))
  const inRun = new Set(nodes.map((node) => node.uniqueId))
  // A model waits for its parents and for the tests of its parents that are in this run.
  const testsOf = new Map<string, string[]>()
  for (const node of nodes)
    if (node.resourceType === 'test' && node.dependsOn.length === 1 && node.attachedTo)
      testsOf.set(node.attachedTo.uniqueId, [
        ...(testsOf.get(node.attachedTo.uniqueId) ?? []),
        node.uniqueId,
      ])
  const waitsFor = new Map(
    nodes.map((node) => {
      const parents = node.dependsOn.filter((id) => inRun.has(id))
      const tests =
        node.resourceType === 'test' ? [] : parents.flatMap((id) => testsOf.get(id) ?? [])
      return [node.uniqueId, [...parents, ...tests]]
    }),
  )
  // Numbered in the order they start, as dbt's progress lines are.
  const index = new Map<string, number>()
  const results = new Map<string, NodeResult>()
  const blocked = new Set<string>()
  const relations = new RelationCache(warehouse)
  // With several threads, a free thread takes the ready node with the longest chain of nodes
  // waiting on it, so the chain that decides the run's length is never left queued behind
  // leaves such as tests.
  const waitedOnBy = new Map<string, string[]>()
  for (const [id, waits] of waitsFor)
    for (const upstream of waits)
      waitedOnBy.set(upstream, [...(waitedOnBy.get(upstream) ?? []), id])
  const chainLength = new Map<string, number>()
  const chainOf = (id: string): number => {
    let length = chainLength.get(id)
    if (length === undefined) {
      length = Math.max(0, ...(waitedOnBy.get(id) ?? []).map((next) => chainOf(next) + 1))
      chainLength.set(id, length)
    }
    return length
  }
  const pending = [...nodes].sort((a, b) => chainOf(b.uniqueId) - chainOf(a.uniqueId))
  const running = new Set<Promise<void>>()
  const threads = Math.max(1, options.threads ?? 1)
  let threadNumber = 0

  const runOne = async (node: CompiledNode, threadId: string) => {
    const startedAt = new Date()
    const nodeStarted = performance.now()
    index.set(node.uniqueId, index.size + 1)
    const blocker = waitsFor.get(node.uniqueId)?.find((id) => blocked.has(id))
    let result: Omit<NodeResult, 'seconds' | 'startedAt' | 'completedAt' | 'threadId'>
    if (blocker) {
      result = {
        ...base(node),
        status: 'skipped',
        message: `upstream ${results.get(blocker)?.name ?? blocker} ${describeFailure(results.get(blocker))}`,
      }
    } else {
      options.onNodeStart?.(node, index.get(node.uniqueId) as number, nodes.length)
      try {
        result = { ...base(node), ...(await execute(node, warehouse, options, relations)) }
      } catch (error) {
        result = { ...base(node), status: 'error', message: messageOf(error) }
      }
    }
    if (result.status === 'error' || result.status === 'fail' || result.status === 'skipped')
      blocked.add(node.uniqueId)
    const done: NodeResult = {
      ...result,
      seconds: blocker ? 0 : elapsed(nodeStarted),
      startedAt: startedAt.toISOString(),
      completedAt: new Date().toISOString(),
      threadId,
    }
    results.set(node.uniqueId, done)
    options.onNodeDone?.(done, index.get(node.uniqueId) as number, nodes.length)
  }

  while (pending.length > 0 || running.size > 0) {
    let launched = false
    for (let position = 0; position < pending.length && running.size < threads; ) {
      const node = pending[position] as CompiledNode
      const ready = (waitsFor.get(node.uniqueId) ?? []).every((id) => results.has(id))
      if (!ready) {
        position += 1
        continue
      }
      pending.splice(position, 1)
      const threadId = `Thread-${(threadNumber++ % threads) + 1}`
      const task: Promise<void> = runOne(node, threadId).finally(() => running.delete(task))
      running.add(task)
      launched = true
    }
    if (running.size > 0) await Promise.race(running)
    else if (!launched && pending.length > 0)
      throw new Error(`cannot order ${pending.map((node) => node.name).join(', ')}`)
  }
  const ordered = nodes.map((node) => results.get(node.uniqueId) as NodeResult)
  return {
    results: ordered,
    seconds: elapsed(started),
    success: ordered.every((result) => !['error', 'fail'].includes(result.status)),
  }
}

async function execute(
  node: CompiledNode,
  warehouse: Warehouse,
  options: MaterializeOptions,
  relations: RelationCache,
): Promise<Pick<NodeResult, 'status' | 'rows' | 'message'>> {
  if (node.resourceType === 'test') {
    const result = await warehouse.client.query({
      query: `SELECT count() AS failures FROM (\n${node.sql}\n) AS dbt_internal_test`,
      format: 'JSONEachRow',
    })
    const [row] = await result.json<{ failures: string | number }>()
    const failures = Number(row?.failures ?? 0)
    if (failures === 0) return { status: 'pass', rows: 0 }
    const severity = (node.config as TestConfig).severity
    return {
      status: severity === 'warn' ? 'warn' : 'fail',
      rows: failures,
      message: `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${severity} if != 0`,
    }
  }
  await relations.ensureSchema(node.schema)
  if (node.resourceType === 'seed') {
    const rows = await loadSeed(
      warehouse,
      {
        name: node.alias,
        path: node.path,
        csv: node.csv ?? '',
        schema: node.schema,
        config: node.config as unknown as SeedConfig,
      },
      { reload: options.fullRefresh === true },
    )
    return { status: 'success', rows }
  }
  const model = node as ModelNode
  const existing = await relations.get(model.schema, model.alias)
  const fullRefresh = options.fullRefresh === true
  const incremental = buildsIncrementally(model, existing, { fullRefresh })
  // Built onto its table: the table's columns decide how rows go in.
  const current = incremental ? await tableColumns(warehouse, model.schema, model.alias) : undefined
  const targetColumns = current?.map(({ name }) => name)
  const materialize = { fullRefresh, ...(targetColumns ? { targetColumns } : {}) }
  // dbt runs no hooks for an ephemeral model, which is never built.
  const hooks = (model.config.materialized === 'ephemeral'
    ? undefined
    : incremental
      ? model.incrementalHooks
      : model.hooks) ?? { pre: [], post: [] }
  try {
    for (const hook of hooks.pre) await warehouse.client.command({ query: hook })
    const rebuild = async () => {
      // sync_all_columns: dbt would alter the table; it is rebuilt from scratch here, which an
      // incremental model can always be (from the raw tables), and which keeps every row right.
      if (model.config.full_refresh === false)
        throw new Error(
          "on_schema_change='sync_all_columns': the columns changed, and full_refresh: false forbids the rebuild that syncs them here",
        )
      for (const statement of tableStatements(model, existing))
        await warehouse.client.command({ query: statement })
    }
    const steps = materializationStatements(model, existing, materialize)
    try {
      for (const step of steps) {
        if (typeof step === 'string') await warehouse.client.command({ query: step })
        else if ((await putNewRows(step, model, current ?? [], warehouse)) === 'rebuild') {
          await rebuild()
          break
        }
      }
    } catch (error) {
      // The incremental SQL reads a column of its own table that an earlier version of the
      // model did not write (a new watermark column, say): the columns changed as surely as
      // when the new rows have others, and sync_all_columns rebuilds the same way.
      const missing = unknownIdentifier(error)
      if (
        !incremental ||
        missing === undefined ||
        current?.some(({ name }) => name === missing) !== false ||
        schemaChangePolicy(model.config) !== 'sync_all_columns'
      )
        throw error
      await rebuild()
    }
    for (const hook of hooks.post) await warehouse.client.command({ query: hook })
  } finally {
    // What stands there now is known only to the warehouse after a failure half-way.
    relations.forget(model.schema, model.alias)
  }
  if (model.config.materialized !== 'ephemeral')
    relations.set(
      model.schema,
      model.alias,
      model.config.materialized === 'view' ? 'view' : 'table',
    )
  if (model.config.materialized === 'view') return { status: 'success' }
  const result = await warehouse.client.query({
    query: `SELECT count() AS n FROM ${model.relationName}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ n: string | number }>()
  return { status: 'success', rows: Number(row?.n ?? 0) }
}

/**
 * The identifier ClickHouse could not resolve (UNKNOWN_IDENTIFIER), when that is why `error`
 * failed: the message names it in backquotes.
 */
function unknownIdentifier(error: unknown): string | undefined {
  const clickhouse = toClickHouseError(error)
  if (clickhouse?.code !== ClickHouseCode.UNKNOWN_IDENTIFIER) return undefined
  return /identifier `([^`]+)`/.exec(clickhouse.message)?.[1]
}

/**
 * Puts an incremental build's new rows in place, unless their columns differ from the table's
 * (`table`): then their side table is dropped and `fail` stops with the difference, or
 * `sync_all_columns` answers that the model must be rebuilt.
 */
async function putNewRows(
  step: NewRows,
  model: ModelNode,
  table: TableColumn[],
  warehouse: Warehouse,
): Promise<'done' | 'rebuild'> {
  const { schema, table: name } = step.newRows
  const sideTable = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
  const change = step.compareColumns
    ? columnChange(table, await tableColumns(warehouse, schema, name))
    : undefined
  if (change === undefined) {
    if (await hasRows(warehouse, sideTable))
      for (const statement of step.apply) await warehouse.client.command({ query: statement })
    return 'done'
  }
  await warehouse.client.command({ query: `DROP TABLE ${sideTable} SYNC` })
  if (schemaChangePolicy(model.config) === 'fail')
    throw new Error(
      `on_schema_change='fail': the columns changed (${change}); rebuild with --full-refresh`,
    )
  return 'rebuild'
}

/**
 * How an incremental model's new rows (`now`, their side table's columns) differ from its
 * table's (`before`), for `on_schema_change`; undefined when they are the same.
 */
function columnChange(before: TableColumn[], now: TableColumn[]): string | undefined {
  const described = (columns: TableColumn[]) => columns.map((c) => `${c.name} ${c.type}`)
  const old = described(before)
  const wanted = described(now)
  if (old.join(',') === wanted.join(',')) return undefined
  const removed = old.filter((column) => !wanted.includes(column))
  const added = wanted.filter((column) => !old.includes(column))
  return `now: ${added.join(', ') || 'none'}; before: ${removed.join(', ') || 'none'}`
}

async function hasRows(warehouse: Warehouse, table: string): Promise<boolean> {
  const result = await warehouse.client.query({
    query: `SELECT count() > 0 AS any FROM ${table}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ any: number | boolean }>()
  return Boolean(row?.any)
}

export interface TableColumn {
  name: string
  type: string
  position: number
  comment: string
}

/** A table's columns as system.columns lists them, in order. */
export async function tableColumns(
  warehouse: Warehouse,
  schema: string,
  table: string,
): Promise<TableColumn[]> {
  const result = await warehouse.client.query({
    query: `SELECT name, type, position, comment FROM system.columns
            WHERE database = {schema:String} AND table = {table:String} ORDER BY position`,
    query_params: { schema, table },
    format: 'JSONEachRow',
  })
  const columns = await result.json<TableColumn & { position: string | number }>()
  return columns.map((column) => ({ ...column, position: Number(column.position) }))
}

/**
 * What stands in each schema, listed once per schema and kept up to date as the run builds, as
 * dbt's relation cache does: one query per schema instead of one per model.
 */
class RelationCache {
  private readonly listing = new Map<string, Promise<void>>()
  private readonly relations = new Map<string, ExistingRelation>()
  /** Relations a failed build may have left in any state: asked about again. */
  private readonly uncertain = new Set<string>()

  constructor(private readonly warehouse: Warehouse) {}

  /** Creates the schema if needed and lists what stands in it. */
  ensureSchema(schema: string): Promise<void> {
    let listed = this.listing.get(schema)
    if (!listed) {
      listed = this.list(schema)
      this.listing.set(schema, listed)
    }
    return listed
  }

  async get(schema: string, name: string): Promise<ExistingRelation> {
    const key = `${schema}.${name}`
    if (this.uncertain.has(key)) {
      const result = await this.warehouse.client.query({
        query:
          'SELECT engine FROM system.tables WHERE database = {schema:String} AND name = {name:String}',
        query_params: { schema, name },
        format: 'JSONEachRow',
      })
      const [row] = await result.json<{ engine: string }>()
      this.uncertain.delete(key)
      this.relations.set(key, row ? relationOf(row.engine) : undefined)
    }
    return this.relations.get(key)
  }

  set(schema: string, name: string, relation: ExistingRelation): void {
    this.uncertain.delete(`${schema}.${name}`)
    this.relations.set(`${schema}.${name}`, relation)
  }

  forget(schema: string, name: string): void {
    this.uncertain.add(`${schema}.${name}`)
  }

  private async list(schema: string): Promise<void> {
    await this.warehouse.client.command({
      query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(schema)}`,
    })
    const result = await this.warehouse.client.query({
      query: 'SELECT name, engine FROM system.tables WHERE database = {schema:String}',
      query_params: { schema },
      format: 'JSONEachRow',
    })
    for (const { name, engine } of await result.json<{ name: string; engine: string }>())
      this.relations.set(`${schema}.${name}`, relationOf(engine))
  }
}

function relationOf(engine: string): ExistingRelation {
  return engine === 'View' ? 'view' : 'table'
}

function base(node: CompiledNode) {
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    materialized:
      node.resourceType === 'model' ? (node as ModelNode).config.materialized : node.resourceType,
    relationName: node.relationName,
  }
}

function describeFailure(result: NodeResult | undefined): string {
  if (!result) return 'failed'
  if (result.status === 'skipped') return 'was skipped'
  return result.resourceType === 'test' ? 'failed its test' : 'failed'
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since) / 1000
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
