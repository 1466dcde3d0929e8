/**
 * Executes one node of the graph against the warehouse: what `dbt build` does for a test, a
 * seed or a model, incremental builds' schema changes included. Scheduling is run.ts's.
 */
import {
  ClickHouseCode,
  quoteIdentifier,
  toClickHouseError,
  type Warehouse,
} from '@leadhouse/warehouse'
import type { CompiledNode, ModelNode, TestConfig } from './compile/index.js'
import { enforceContract } from './contracts.js'
import {
  buildsIncrementally,
  type MaterializeOptions,
  materializationStatements,
  type NewRows,
  schemaChangePolicy,
  tableStatements,
} from './materializations.js'
import { type RelationCache, type TableColumn, tableColumns } from './relations.js'
import type { NodeResult } from './run.js'
import type { SeedConfig } from './seed-csv.js'
import { loadSeed } from './seeds.js'

/**
 * Runs one node: a test counts its failing rows, a seed loads, a model builds with its hooks
 * (an incremental one onto its table, rebuilt when its columns changed and on_schema_change
 * says so). Throws what stops it; the caller records that as the node's error.
 */
export async function executeNode(
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
  const { cluster } = warehouse
  const materialize = { fullRefresh, cluster, ...(targetColumns ? { targetColumns } : {}) }
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
      for (const statement of tableStatements(
        await enforceContract(warehouse, model, false),
        existing,
        cluster,
      ))
        await warehouse.client.command({ query: statement })
    }
    try {
      // A contract is checked before anything is built: a failure leaves the old relation.
      const built = await enforceContract(warehouse, model, incremental)
      const steps = materializationStatements(built, existing, materialize)
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
  for (const query of step.discard) await warehouse.client.command({ query })
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
