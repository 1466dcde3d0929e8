import { onCluster, quoteIdentifier } from '@leadhouse/warehouse'
import {
  type ClusterTable,
  createStatements,
  dropStatements,
  relationsOf,
  swapStatements,
} from './cluster-ddl.js'
import type { ModelConfig, ModelNode } from './compile/index.js'

/** What already stands where the model is built. */
export type ExistingRelation = 'table' | 'view' | undefined

export interface MaterializeOptions {
  /** `--full-refresh`: incremental models are rebuilt from scratch (unless `full_refresh: false`). */
  fullRefresh?: boolean
  /**
   * The existing table's columns: incremental inserts name them, so the model's columns land by
   * name, not by position (a reordered SELECT would otherwise fill the wrong columns).
   */
  targetColumns?: string[]
  /**
   * The profile's `cluster:`: every DDL runs ON CLUSTER, and each table is a Distributed table
   * over Replicated local ones (cluster-ddl.ts), as dbt-clickhouse's distributed materializations.
   */
  cluster?: string | undefined
}

/**
 * An incremental build's new rows, standing in a side table built from the model's query: the
 * runner compares the table's columns with the target's when `on_schema_change` asks for it
 * (before anything is deleted), then runs `apply` only if there are rows. Comparing a built
 * table, as dbt does, runs the query once; a DESCRIBE first would analyse it twice, and analysing
 * evaluates its scalar subqueries (what changed since the last build). An empty side table needs
 * no DELETE, which is a mutation of every part of the target even when it matches nothing.
 */
export interface NewRows {
  newRows: { schema: string; table: string }
  compareColumns: boolean
  /** The DELETE of the rows they replace and the INSERT. */
  apply: string[]
  /** Drops the side table when its rows are not applied (their columns changed). */
  discard: string[]
}

/** A statement to run, or new rows to look at. */
export type Step = string | NewRows

/** `on_schema_change` with dbt's default. */
export function schemaChangePolicy(config: ModelConfig): 'ignore' | 'fail' | 'sync_all_columns' {
  return (config.on_schema_change ?? 'ignore') as 'ignore' | 'fail' | 'sync_all_columns'
}

/**
 * The steps that build `node`, in order, with dbt-clickhouse's semantics:
 * - `view`: CREATE OR REPLACE VIEW.
 * - `table`: built beside the old one and swapped in with EXCHANGE TABLES, so readers never see
 *   it half-built and a failed build leaves the previous table in place.
 * - `incremental`: the first build (and `--full-refresh`) as a table; later runs render the
 *   model with `is_incremental()` true and `append` its rows, or with `delete+insert` load them
 *   into a side table, delete the rows with the same `unique_key` and insert the new ones.
 * Ephemeral models are never built: they are inlined into their dependents at compile time.
 */
export function materializationStatements(
  node: ModelNode,
  existing: ExistingRelation,
  options: MaterializeOptions = {},
): Step[] {
  const target = `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.alias)}`
  const { config } = node
  const { cluster } = options
  switch (config.materialized) {
    case 'view':
      return [
        ...(existing === 'table'
          ? cluster
            ? dropStatements(clusterTable(node, node.alias, cluster))
            : [`DROP TABLE ${target} SYNC`]
          : []),
        `CREATE OR REPLACE VIEW ${target}${onCluster(cluster)}${node.columnDefinitions ? ` ${node.columnDefinitions}` : ''} AS\n${node.sql}`,
      ]
    case 'ephemeral':
      return []
    case 'incremental': {
      if (!buildsIncrementally(node, existing, options))
        return tableStatements(node, existing, cluster)
      const sql = node.incrementalSql ?? node.sql
      const columns = options.targetColumns?.map(quoteIdentifier).join(', ')
      // dbt-clickhouse's query_settings: a SETTINGS clause on the INSERTs and the DELETE.
      const querySettings = settingsList(config.query_settings)
      const withSettings = (statement: string) =>
        querySettings ? `${statement}\nSETTINGS ${querySettings}` : statement
      // By name when the table's columns are known: the query may list them in another order.
      const insert = (from: string, unnamed: string) =>
        withSettings(
          columns
            ? `INSERT INTO ${target} (${columns})\nSELECT ${columns} FROM ${from}`
            : `INSERT INTO ${target}\n${unnamed}`,
        )
      const checked = schemaChangePolicy(config) !== 'ignore'
      const deletes = strategyOf(config) === 'delete+insert'
      // Appended rows with no columns to compare go straight in.
      if (!deletes && !checked) return [insert(`(\n${sql}\n)`, sql)]
      const sideTable = { schema: node.schema, table: `${node.alias}__dbt_new_data` }
      const newRows = `${quoteIdentifier(sideTable.schema)}.${quoteIdentifier(sideTable.table)}`
      const key = keyColumns(config.unique_key)
      if (cluster) {
        // As dbt-clickhouse's distributed_incremental: the new rows spread over the shards in a
        // Distributed side table; the DELETE runs on every shard's local table, reading the
        // keys of all shards; the INSERT goes through the Distributed target.
        const side = clusterTable(node, sideTable.table, cluster)
        const { local } = relationsOf(clusterTable(node, node.alias, cluster))
        return [
          ...dropStatements(side),
          ...createStatements(side, {
            engine: 'MergeTree',
            clauses: ['ORDER BY tuple()', `EMPTY AS\n${sql}`],
          }),
          withSettings(`INSERT INTO ${newRows}\n${sql}`),
          {
            newRows: sideTable,
            compareColumns: checked,
            apply: [
              ...(deletes
                ? [
                    withSettings(
                      `DELETE FROM ${local}${onCluster(cluster)} WHERE (${key}) IN (SELECT ${key} FROM ${newRows})`,
                    ),
                  ]
                : []),
              insert(newRows, `SELECT * FROM ${newRows}`),
            ],
            discard: dropStatements(side),
          },
          ...dropStatements(side),
        ]
      }
      return [
        `DROP TABLE IF EXISTS ${newRows} SYNC`,
        // Unsorted: its rows are sorted once, on their way into the target.
        withSettings(`CREATE TABLE ${newRows}\nENGINE = MergeTree\nORDER BY tuple()\nAS\n${sql}`),
        {
          newRows: sideTable,
          compareColumns: checked,
          apply: [
            ...(deletes
              ? [
                  withSettings(
                    `DELETE FROM ${target} WHERE (${key}) IN (SELECT ${key} FROM ${newRows})`,
                  ),
                ]
              : []),
            insert(newRows, `SELECT * FROM ${newRows}`),
          ],
          discard: [`DROP TABLE ${newRows} SYNC`],
        },
        `DROP TABLE ${newRows} SYNC`,
      ]
    }
    default:
      return tableStatements(node, existing, cluster)
  }
}

/**
 * Whether `node` is built onto its existing table (dbt's `is_incremental()`): an incremental
 * model whose table stands, unless `--full-refresh` rebuilds it (and `full_refresh: false` does
 * not forbid that).
 */
export function buildsIncrementally(
  node: ModelNode,
  existing: ExistingRelation,
  options: MaterializeOptions = {},
): boolean {
  return (
    node.config.materialized === 'incremental' &&
    existing === 'table' &&
    !(options.fullRefresh === true && node.config.full_refresh !== false)
  )
}

/** `append` unless a unique_key asks for `delete+insert`. */
export function strategyOf(config: ModelConfig): 'append' | 'delete+insert' {
  return config.incremental_strategy ?? (config.unique_key ? 'delete+insert' : 'append')
}

/**
 * The model built as a new table and swapped in (a table model, or an incremental one's rebuild).
 * On a cluster as dbt-clickhouse does there: created EMPTY ON CLUSTER, then filled by one INSERT
 * (a CREATE ... AS SELECT ON CLUSTER would run the query on every node).
 */
export function tableStatements(
  node: ModelNode,
  existing: ExistingRelation,
  cluster?: string,
): string[] {
  const target = `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.alias)}`
  const staging = `${quoteIdentifier(node.schema)}.${quoteIdentifier(`${node.alias}__dbt_new`)}`
  const { config } = node
  const settings = settingsList(config.settings)
  const keys = [
    config.partition_by ? `PARTITION BY ${expression(config.partition_by)}` : '',
    `ORDER BY ${expression(config.order_by)}`,
    config.primary_key ? `PRIMARY KEY ${expression(config.primary_key)}` : '',
    settings ? `SETTINGS ${settings}` : '',
  ]
  if (cluster) {
    const stagingTable = clusterTable(node, `${node.alias}__dbt_new`, cluster)
    return [
      ...dropStatements(stagingTable),
      ...createStatements(stagingTable, {
        engine: config.engine,
        clauses: [...keys, `EMPTY AS\n${node.sql}`].filter(Boolean),
      }),
      `INSERT INTO ${staging}\n${node.sql}`,
      ...swapStatements(stagingTable, clusterTable(node, node.alias, cluster), existing, {
        engine: config.engine,
      }),
    ]
  }
  const create = [
    `CREATE TABLE ${staging}`,
    `ENGINE = ${config.engine}`,
    ...keys,
    `AS\n${node.sql}`,
  ].filter(Boolean)
  const swap =
    existing === 'table'
      ? [`EXCHANGE TABLES ${staging} AND ${target}`, `DROP TABLE ${staging} SYNC`]
      : [
          ...(existing === 'view' ? [`DROP VIEW ${target} SYNC`] : []),
          `RENAME TABLE ${staging} TO ${target}`,
        ]
  return [`DROP TABLE IF EXISTS ${staging} SYNC`, create.join('\n'), ...swap]
}

/** A table of `node`'s schema on `cluster`, sharded by the model's `sharding_key`. */
function clusterTable(node: ModelNode, name: string, cluster: string): ClusterTable {
  const key = node.config.sharding_key
  return {
    schema: node.schema,
    name,
    cluster,
    shardingKey: key === undefined ? undefined : expression(key),
  }
}

/** `key = value, ...` for a SETTINGS clause; empty without settings. */
function settingsList(settings: Record<string, unknown> | undefined): string {
  return Object.entries(settings ?? {})
    .map(([key, value]) => `${key} = ${typeof value === 'string' ? `'${value}'` : String(value)}`)
    .join(', ')
}

/** dbt-clickhouse takes `order_by` and friends as an expression or a list of columns. */
function expression(value: unknown): string {
  return Array.isArray(value) ? `(${value.map(String).join(', ')})` : String(value)
}

function keyColumns(key: ModelConfig['unique_key']): string {
  return Array.isArray(key) ? key.join(', ') : String(key)
}
