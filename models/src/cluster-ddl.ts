/**
 * The runner's tables on a ClickHouse cluster (a profile's `cluster:`), as dbt-clickhouse's
 * distributed materializations lay them out: the rows of `<name>` live in `<name>_local`, a
 * Replicated* table on every shard, and `<name>` is a Distributed table over them, so that models
 * and BI tools read `<name>` as on a single node. Every DDL runs ON CLUSTER. A new table is built
 * as `<name>__dbt_new_local` behind `<name>__dbt_new`, and swapped in by exchanging the local
 * tables: the Distributed `<name>` always names `<name>_local`, and is re-created over it in case
 * the columns changed.
 */
import {
  distributedEngine,
  localName,
  onCluster,
  quoteIdentifier,
  replicatedEngine,
} from '@leadhouse/warehouse'
import type { ExistingRelation } from './materializations.js'

/** A table of the runner on a cluster: where it is and how its rows spread over the shards. */
export interface ClusterTable {
  schema: string
  name: string
  cluster: string
  /** The Distributed table's sharding key: dbt-clickhouse's `sharding_key`, default `rand()`. */
  shardingKey?: string | undefined
}

/** `` `schema`.`name` `` and `` `schema`.`name_local` ``. */
export function relationsOf(table: Pick<ClusterTable, 'schema' | 'name'>): {
  distributed: string
  local: string
} {
  const schema = quoteIdentifier(table.schema)
  return {
    distributed: `${schema}.${quoteIdentifier(table.name)}`,
    local: `${schema}.${quoteIdentifier(localName(table.name))}`,
  }
}

/** Drops the Distributed table and its local one, where they stand. */
export function dropStatements(table: ClusterTable): string[] {
  const { distributed, local } = relationsOf(table)
  const on = onCluster(table.cluster)
  return [
    `DROP TABLE IF EXISTS ${distributed}${on} SYNC`,
    `DROP TABLE IF EXISTS ${local}${on} SYNC`,
  ]
}

/**
 * Creates the local tables with `engine` made Replicated and `clauses` (ORDER BY, SETTINGS, and
 * `EMPTY AS <sql>` or a column list), then the Distributed table over them. `body` comes before
 * the engine: a column list in parentheses, or nothing.
 */
export function createStatements(
  table: ClusterTable,
  { body, engine, clauses, comment }: CreateOptions,
): string[] {
  const { distributed, local } = relationsOf(table)
  const on = onCluster(table.cluster)
  return [
    [`CREATE TABLE ${local}${on}${body ?? ''}`, `ENGINE = ${replicatedEngine(engine)}`, ...clauses]
      .filter(Boolean)
      .join('\n'),
    distributedStatement(table, `CREATE TABLE ${distributed}${on}`, comment),
  ]
}

export interface CreateOptions {
  /** ` (\n  a UInt8\n)`: a column list, when the table is not created from a query. */
  body?: string | undefined
  engine: string
  clauses: string[]
  /** The Distributed table's COMMENT (a SQL string literal). */
  comment?: string | undefined
}

export interface SwapOptions {
  /** The Distributed table's COMMENT (a SQL string literal). */
  comment?: string | undefined
  /** The local tables' engine as created: a Replicated one is synced before the swap. */
  engine: string
}

/**
 * Puts `staging` (built by `createStatements`) in place of `target` where `existing` stands:
 * EXCHANGE TABLES of the local tables (readers of the Distributed table see the old rows or the
 * new, never a mix) or RENAME when there was no table, then the Distributed table over the
 * target's local one re-created with the new columns, and the staging tables dropped. Replicated
 * local tables are synced first (as dbt-clickhouse does before an exchange): every replica has
 * fetched the new rows before it serves them.
 */
export function swapStatements(
  staging: ClusterTable,
  target: ClusterTable,
  existing: ExistingRelation,
  { comment, engine }: SwapOptions,
): string[] {
  const from = relationsOf(staging)
  const to = relationsOf(target)
  const on = onCluster(target.cluster)
  const sync = replicatedEngine(engine).startsWith('Replicated')
    ? [`SYSTEM SYNC REPLICA${on} ${from.local}`]
    : []
  const swap =
    existing === 'table'
      ? [`EXCHANGE TABLES ${from.local} AND ${to.local}${on}`]
      : [
          ...(existing === 'view' ? [`DROP VIEW ${to.distributed}${on} SYNC`] : []),
          `RENAME TABLE ${from.local} TO ${to.local}${on}`,
        ]
  return [
    ...sync,
    ...swap,
    distributedStatement(target, `CREATE OR REPLACE TABLE ${to.distributed}${on}`, comment),
    ...dropStatements(staging),
  ]
}

function distributedStatement(table: ClusterTable, create: string, comment?: string): string {
  const { local } = relationsOf(table)
  const engine = distributedEngine(
    table.cluster,
    quoteIdentifier(table.schema),
    localName(table.name),
    table.shardingKey,
  )
  return [`${create} AS ${local}`, `ENGINE = ${engine}`, comment ? `COMMENT ${comment}` : '']
    .filter(Boolean)
    .join('\n')
}
