/**
 * dbt seeds: CSV files (parsed and typed by seed-csv.ts) loaded the way dbt-clickhouse loads
 * them, into a table built beside the old one and swapped in.
 */

import { createHash } from 'node:crypto'
import { onCluster, quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'
import {
  type CreateOptions,
  createStatements,
  dropStatements,
  swapStatements,
} from './cluster-ddl.js'
import { SeedError } from './errors.js'
import type { ExistingRelation } from './materializations.js'
import { parseSeed, reasonOf, type SeedColumn, type SeedFile } from './seed-csv.js'

/** What the warehouse reads JSON dates in: ISO 8601 with `T`, fractions and offsets too. */
const INPUT_SETTINGS = { date_time_input_format: 'best_effort' } as const

/** Column of the text table that keeps each row's CSV line, to locate a value that fails to cast. */
const LINE_COLUMN = '__dbt_seed_line'

/**
 * Loads the seed: built as `<name>__dbt_new` beside the existing table and swapped in, so a
 * failed load keeps the old one. The table's comment is a fingerprint of the file and of the
 * statements that loaded it: a seed whose table already has the fingerprint is not loaded again
 * (it would come out the same), unless `reload` (`--full-refresh`) asks for it.
 * @returns the number of rows in the seed.
 * @throws SeedError for bad input, or with the warehouse's reason prefixed by the seed's path.
 */
export async function loadSeed(
  warehouse: Warehouse,
  seed: SeedFile,
  options: { reload?: boolean } = {},
): Promise<number> {
  const table = parseSeed(seed)
  const existing = await existingRelation(warehouse, seed)
  let statements: SeedStatements
  try {
    statements = seedStatements(seed, table.columns, existing?.relation, warehouse.cluster)
  } catch (error) {
    throw new SeedError(`${seed.path}: ${reasonOf(error)}`, { cause: error })
  }
  if (
    options.reload !== true &&
    existing?.relation === 'table' &&
    existing.comment === statements.fingerprint
  )
    return table.rows.length
  const casting = statements.cast.length > 0
  const run = async (queries: string[]) => {
    for (const query of queries) {
      await warehouse.client.command({ query, clickhouse_settings: INPUT_SETTINGS })
    }
  }
  try {
    await run(statements.prepare)
    if (table.rows.length > 0) {
      await warehouse.client.insert({
        table: statements.insertInto,
        values: casting
          ? table.rows.map((row, index) => ({ ...row, [LINE_COLUMN]: table.lines[index] }))
          : table.rows,
        format: 'JSONEachRow',
        clickhouse_settings: INPUT_SETTINGS,
      })
    }
    try {
      await run(statements.cast)
    } catch (error) {
      throw (await locateCastFailure(warehouse, seed, statements.insertInto, error)) ?? error
    }
    await run(statements.swap)
  } catch (error) {
    for (const query of statements.cleanup) {
      // Best effort: the error worth reporting is the one that got us here.
      await warehouse.client.command({ query }).catch(() => undefined)
    }
    if (error instanceof SeedError) throw error
    throw new SeedError(`${seed.path}: ${reasonOf(error)}`, { cause: error })
  }
  return table.rows.length
}

export interface SeedStatements {
  /** Clear what an interrupted load left, then create the table(s) the rows go into. */
  prepare: string[]
  /** Where the rows are inserted: the new table, or a text table when columns are cast. */
  insertInto: string
  /** With `column_types`: convert the text table into the new table, checking every value. */
  cast: string[]
  /** Put the new table in place of the old one and drop the old. */
  swap: string[]
  /** After a failure: drop the tables this load created; the old table is untouched. */
  cleanup: string[]
  /** Of the file and the statements: the new table's comment. */
  fingerprint: string
}

/**
 * The statements that load a seed with `columns` (from `parseSeed`) where `existing` stands,
 * with dbt-clickhouse's table DDL. Columns typed by `column_types` go through a text table and
 * `accurateCast`: inserted directly, ClickHouse would wrap 300 into a UInt8 as 44 and could not
 * read Bool or Array from a JSON string. On `cluster` the seed is a Distributed table over
 * Replicated local ones (cluster-ddl.ts), and every DDL runs ON CLUSTER.
 */
export function seedStatements(
  seed: SeedFile,
  columns: SeedColumn[],
  existing: ExistingRelation,
  cluster?: string,
): SeedStatements {
  const database = quoteIdentifier(seed.schema)
  const target = `${database}.${quoteIdentifier(seed.name)}`
  const staging = `${database}.${quoteIdentifier(`${seed.name}__dbt_new`)}`
  const text = `${database}.${quoteIdentifier(`${seed.name}__dbt_text`)}`
  const { config } = seed
  const overridden = new Set(Object.keys(config.column_types ?? {}))
  const engine = config.engine ?? 'MergeTree()'
  const definitions = (typeOf: (column: SeedColumn) => string) =>
    columns.map((column) => `  ${columnIdentifier(column.name)} ${typeOf(column)}`).join(',\n')
  const columnList = ` (\n${definitions((column) => column.type)}\n)`
  const keys = [
    config.partition_by ? `PARTITION BY ${expression(config.partition_by)}` : '',
    // As dbt-clickhouse: only MergeTree engines take an ORDER BY.
    engine.includes('MergeTree') ? `ORDER BY ${expression(config.order_by ?? 'tuple()')}` : '',
  ].filter(Boolean)
  const table = [`CREATE TABLE ${staging}${columnList}`, `ENGINE = ${engine}`, ...keys]
  const overriddenTypes = JSON.stringify(config.column_types ?? {})
  const fingerprint = `dbt seed ${createHash('sha256').update(seed.csv).update(table.join('\n')).update(overriddenTypes).digest('hex')}`
  const on = onCluster(cluster)
  const placed = cluster
    ? clusterPlacement(
        seed,
        cluster,
        { body: columnList, engine, clauses: keys },
        fingerprint,
        existing,
      )
    : {
        create: [[...table, `COMMENT ${sqlString(fingerprint)}`].join('\n')],
        dropStaging: [`DROP TABLE IF EXISTS ${staging} SYNC`],
        swap:
          existing === 'table'
            ? [`EXCHANGE TABLES ${staging} AND ${target}`, `DROP TABLE ${staging} SYNC`]
            : [
                ...(existing === 'view' ? [`DROP VIEW ${target} SYNC`] : []),
                `RENAME TABLE ${staging} TO ${target}`,
              ],
      }
  const leftovers = [...placed.dropStaging, `DROP TABLE IF EXISTS ${text}${on} SYNC`]
  const { swap } = placed
  if (overridden.size === 0) {
    return {
      prepare: [...leftovers, ...placed.create],
      insertInto: staging,
      cast: [],
      swap,
      cleanup: leftovers,
      fingerprint,
    }
  }
  const textColumns = [
    `  ${columnIdentifier(LINE_COLUMN)} UInt32`,
    definitions((column) => (overridden.has(column.name) ? 'Nullable(String)' : column.type)),
  ].join(',\n')
  const names = columns.map((column) => columnIdentifier(column.name)).join(', ')
  const values = columns
    .map((column) =>
      overridden.has(column.name) ? castExpression(column) : columnIdentifier(column.name),
    )
    .join(',\n  ')
  return {
    prepare: [
      ...leftovers,
      ...placed.create,
      // On a cluster too it is created everywhere, but its rows stay on the node the runner
      // talks to, which reads them back in the next statement.
      `CREATE TABLE ${text}${on} (\n${textColumns}\n)\nENGINE = Memory`,
    ],
    insertInto: text,
    cast: [
      // Ordered by line: with ORDER BY tuple() the table keeps the file's order, as a direct
      // insert would.
      `INSERT INTO ${staging} (${names})\nSELECT\n  ${values}\nFROM ${text}\nORDER BY ${columnIdentifier(LINE_COLUMN)}`,
      `DROP TABLE ${text}${on} SYNC`,
    ],
    swap,
    cleanup: leftovers,
    fingerprint,
  }
}

/** The seed's tables on a cluster: local ones with `table`'s columns and keys, and Distributed. */
function clusterPlacement(
  seed: SeedFile,
  cluster: string,
  table: CreateOptions,
  fingerprint: string,
  existing: ExistingRelation,
): { create: string[]; dropStaging: string[]; swap: string[] } {
  const staging = { schema: seed.schema, name: `${seed.name}__dbt_new`, cluster }
  const target = { schema: seed.schema, name: seed.name, cluster }
  return {
    create: createStatements(staging, table),
    dropStaging: dropStatements(staging),
    swap: swapStatements(staging, target, existing, {
      comment: sqlString(fingerprint),
      engine: table.engine,
    }),
  }
}

/**
 * accurateCast fails on a value out of the type's range where CAST would wrap it. An empty
 * cell becomes the type's default (NULL for Nullable types), as dbt-clickhouse's CSV insert
 * does; `if` evaluates the cast only on the other rows, so NULL never reaches it.
 */
function castExpression(column: SeedColumn): string {
  const name = columnIdentifier(column.name)
  const type = sqlString(column.type)
  return `if(isNull(${name}), defaultValueOfTypeName(${type}), accurateCast(assumeNotNull(${name}), ${type}))`
}

/**
 * The cast stops at the first bad value without saying which: find it, per overridden column.
 * Types that cannot be inside Nullable (Array, LowCardinality...) have no OrNull cast to find
 * it with; their failure keeps ClickHouse's message alone.
 */
async function locateCastFailure(
  warehouse: Warehouse,
  seed: SeedFile,
  text: string,
  error: unknown,
): Promise<SeedError | undefined> {
  for (const [column, type] of Object.entries(seed.config.column_types ?? {})) {
    const name = columnIdentifier(column)
    try {
      const result = await warehouse.client.query({
        query: `SELECT ${columnIdentifier(LINE_COLUMN)} AS line, ${name} AS value FROM ${text}
          WHERE ${name} IS NOT NULL AND accurateCastOrNull(assumeNotNull(${name}), {type:String}) IS NULL
          ORDER BY line LIMIT 1`,
        query_params: { type },
        format: 'JSONEachRow',
        clickhouse_settings: INPUT_SETTINGS,
      })
      const [bad] = await result.json<{ line: number; value: string }>()
      if (bad) {
        return new SeedError(
          `${seed.path}:${bad.line}: column ${column}: ${JSON.stringify(bad.value)} is not a valid ${type}: ${reasonOf(error)}`,
          { cause: error },
        )
      }
    } catch {
      // No OrNull cast for this type: look at the next column.
    }
  }
  return undefined
}

async function existingRelation(
  warehouse: Warehouse,
  seed: SeedFile,
): Promise<{ relation: ExistingRelation; comment: string } | undefined> {
  const result = await warehouse.client.query({
    query:
      'SELECT engine, comment FROM system.tables WHERE database = {schema:String} AND name = {name:String}',
    query_params: { schema: seed.schema, name: seed.name },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ engine: string; comment: string }>()
  if (!row) return undefined
  return { relation: row.engine === 'View' ? 'view' : 'table', comment: row.comment }
}

/** Backquoted for any name a CSV header can hold, with ClickHouse's escapes. */
function columnIdentifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``
}

function sqlString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

/** dbt-clickhouse takes `order_by` and `partition_by` as an expression or a list of columns. */
function expression(value: string | string[]): string {
  return Array.isArray(value) ? `(${value.join(', ')})` : value
}
