/**
 * dbt seeds: CSV files typed the way dbt infers them and loaded the way dbt-clickhouse loads
 * them, into a table built beside the old one and swapped in.
 *
 * Inference follows dbt's agate type tester (dbt_common/clients/agate_helper.py): a column takes
 * the first of Number, Date, DateTime, Boolean that reads every non-empty value, else Text; `''`
 * and `null` (any case) are empty. dbt-clickhouse maps those to Int32 / Float32, Date, DateTime,
 * Bool and String (dbt/adapters/clickhouse/impl.py, `convert_*_type`). Where that mapping loses
 * data this module widens it:
 * - Int64 rather than Int32, so ids past 2^31 load; Float64 rather than Float32, which keeps
 *   only 7 significant digits. Not Decimal: its precision and scale would have to be guessed
 *   from the file, and Decimal arithmetic in models has overflow and supertype surprises.
 *   `column_types` asks for Decimal where exact cents matter.
 * - Date32 / DateTime64 when a value falls outside Date / DateTime (1970 to 2149 / 2106), which
 *   ClickHouse would otherwise clamp to 1970-01-01; DateTime64(3, 6 or 9) for fractional seconds.
 * - Nullable(T) for a column with empty cells: dbt reads them as null, and dbt-clickhouse's
 *   CSV insert silently turns them into 0, '' or 1970-01-01.
 */

import { createHash } from 'node:crypto'
import { quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'
import { CsvError, parse } from 'csv-parse/sync'
import { ModelsError } from './errors.js'
import type { ExistingRelation } from './materializations.js'

export interface SeedConfig {
  /** Column name -> ClickHouse type, overriding inference (dbt `column_types`). */
  column_types: Record<string, string>
  /** Field separator; default `,`. */
  delimiter?: string | undefined
  /**
   * Accepted for dbt compatibility. Column names are always backquoted: ClickHouse identifiers
   * are case-sensitive quoted or not, so quoting only lets names with spaces or symbols through.
   */
  quote_columns?: boolean | undefined
  /** dbt-clickhouse: table engine, default `MergeTree()`. */
  engine?: string | undefined
  /** dbt-clickhouse: ORDER BY expression or columns, default `tuple()` (MergeTree engines only). */
  order_by?: string | string[] | undefined
  /** dbt-clickhouse: PARTITION BY expression or columns. */
  partition_by?: string | string[] | undefined
}

export interface SeedFile {
  /** The table's name in `schema`. */
  name: string
  /** Relative to the project, for messages. */
  path: string
  csv: string
  /** ClickHouse database the table lives in. */
  schema: string
  config: SeedConfig
}

export interface SeedColumn {
  name: string
  /** ClickHouse type: inferred, or the `column_types` override as written. */
  type: string
}

export interface SeedTable {
  columns: SeedColumn[]
  /**
   * One object per CSV row, keyed by column name, holding the JSON the table's columns read:
   * Int64 as decimal strings (exact past 2^53, as the warehouse returns them), Float64 as
   * numbers, Bool as booleans, dates and times as their text, null for empty cells. Columns
   * typed by `column_types` hold the text as written, for ClickHouse to convert.
   */
  rows: Record<string, unknown>[]
  /** The CSV line each row starts on, for messages. */
  lines: number[]
}

/** A seed that cannot be loaded; the message names the file, and the line and column if known. */
export class SeedError extends ModelsError {
  override name = 'SeedError'
}

/** What the warehouse reads JSON dates in: ISO 8601 with `T`, fractions and offsets too. */
const INPUT_SETTINGS = { date_time_input_format: 'best_effort' } as const

/** Column of the text table that keeps each row's CSV line, to locate a value that fails to cast. */
const LINE_COLUMN = '__dbt_seed_line'

/**
 * Parses and types the CSV.
 * @throws SeedError naming the file, the line and the column of bad input.
 */
export function parseSeed(seed: SeedFile): SeedTable {
  const { path } = seed
  const [header, ...records] = readRecords(seed)
  if (!header) throw new SeedError(`${path}: the file is empty; a seed starts with a header row`)
  const names = header.fields
  names.forEach((name, index) => {
    if (name.trim() === '') {
      throw new SeedError(`${path}:${header.line}: column ${index + 1} of the header has no name`)
    }
    const first = names.indexOf(name)
    if (first !== index) {
      throw new SeedError(
        `${path}:${header.line}: column name ${JSON.stringify(name)} appears twice (columns ${first + 1} and ${index + 1})`,
      )
    }
  })
  const overrides = seed.config.column_types ?? {}
  const unknown = Object.keys(overrides).filter((name) => !names.includes(name))
  if (unknown.length > 0) {
    throw new SeedError(
      `${path}: column_types names ${unknown.map((n) => JSON.stringify(n)).join(', ')}, which the header does not have (columns: ${names.join(', ')})`,
    )
  }

  // A blank line is an empty value in a one-column seed, as in dbt. With more columns it is no
  // row at all: dbt would load it as a row of nulls, which nobody writes on purpose.
  const rows = records.filter((record) => names.length === 1 || !record.blank)
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      throw new SeedError(
        `${path}:${row.line}: the row has ${count(row.fields.length, 'value')}, but the header has ${count(names.length, 'column')}`,
      )
    }
  }

  const columns = names.map((name, index) => {
    const cells = rows.map((row) => cellText(row.fields[index] ?? ''))
    const override = overrides[name]
    // dbt reads overridden columns as text: their values reach the warehouse as written.
    return override === undefined
      ? typeColumn(name, cells)
      : { name, type: override, values: cells }
  })
  return {
    columns: columns.map(({ name, type }) => ({ name, type })),
    rows: rows.map((_, row) =>
      // fromEntries defines own properties, so even a column named __proto__ is a plain key.
      Object.fromEntries(columns.map((column) => [column.name, column.values[row]])),
    ),
    lines: rows.map((row) => row.line),
  }
}

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
    statements = seedStatements(seed, table.columns, existing?.relation)
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
 * read Bool or Array from a JSON string.
 */
export function seedStatements(
  seed: SeedFile,
  columns: SeedColumn[],
  existing: ExistingRelation,
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
  const table = [
    `CREATE TABLE ${staging} (\n${definitions((column) => column.type)}\n)`,
    `ENGINE = ${engine}`,
    config.partition_by ? `PARTITION BY ${expression(config.partition_by)}` : '',
    // As dbt-clickhouse: only MergeTree engines take an ORDER BY.
    engine.includes('MergeTree') ? `ORDER BY ${expression(config.order_by ?? 'tuple()')}` : '',
  ].filter(Boolean)
  const overriddenTypes = JSON.stringify(config.column_types ?? {})
  const fingerprint = `dbt seed ${createHash('sha256').update(seed.csv).update(table.join('\n')).update(overriddenTypes).digest('hex')}`
  const create = [...table, `COMMENT ${sqlString(fingerprint)}`]
  const leftovers = [`DROP TABLE IF EXISTS ${staging} SYNC`, `DROP TABLE IF EXISTS ${text} SYNC`]
  const swap =
    existing === 'table'
      ? [`EXCHANGE TABLES ${staging} AND ${target}`, `DROP TABLE ${staging} SYNC`]
      : [
          ...(existing === 'view' ? [`DROP VIEW ${target} SYNC`] : []),
          `RENAME TABLE ${staging} TO ${target}`,
        ]
  if (overridden.size === 0) {
    return {
      prepare: [...leftovers, create.join('\n')],
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
      create.join('\n'),
      `CREATE TABLE ${text} (\n${textColumns}\n)\nENGINE = Memory`,
    ],
    insertInto: text,
    cast: [
      // Ordered by line: with ORDER BY tuple() the table keeps the file's order, as a direct
      // insert would.
      `INSERT INTO ${staging} (${names})\nSELECT\n  ${values}\nFROM ${text}\nORDER BY ${columnIdentifier(LINE_COLUMN)}`,
      `DROP TABLE ${text} SYNC`,
    ],
    swap,
    cleanup: leftovers,
    fingerprint,
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

interface CsvRecord {
  fields: string[]
  /** The line the record starts on; a quoted value can span lines. */
  line: number
  blank: boolean
}

const LINE_BREAK = /\r\n|\r|\n/g

function readRecords(seed: SeedFile): CsvRecord[] {
  let parsed: { record: string[]; raw: string }[]
  try {
    // With `raw` each record comes with its text; csv-parse's overloads only type plain arrays.
    parsed = parse(seed.csv, {
      delimiter: seed.config.delimiter ?? ',',
      bom: true,
      raw: true,
      // Python's csv, which dbt reads seeds with, takes a quote inside an unquoted value as is.
      relax_quotes: true,
      // Counted here instead, to name the line in the message.
      relax_column_count: true,
    }) as unknown as typeof parsed
  } catch (error) {
    const line =
      error instanceof CsvError && typeof error.lines === 'number' ? `:${error.lines}` : ''
    throw new SeedError(`${seed.path}${line}: not valid CSV: ${reasonOf(error)}`, { cause: error })
  }
  // Lines counted from the text, not csv-parse's `info.lines`, which counts a quoted CRLF twice.
  let line = 1
  return parsed.map(({ record, raw }) => {
    const start = line
    line += raw.match(LINE_BREAK)?.length ?? 0
    return { fields: record, line: start, blank: record.length === 1 && raw.trim() === '' }
  })
}

/** dbt's agate reads `''` and `null` as empty in every column, text included. */
function cellText(text: string): string | null {
  const trimmed = text.trim().toLowerCase()
  return trimmed === '' || trimmed === 'null' ? null : text
}

interface TypedColumn extends SeedColumn {
  values: unknown[]
}

function typeColumn(name: string, cells: (string | null)[]): TypedColumn {
  const present = cells.filter((cell) => cell !== null)
  const { type, value } = inferType(present.map((cell) => cell.trim()))
  return {
    name,
    type: present.length < cells.length ? `Nullable(${type})` : type,
    values: cells.map((cell) => (cell === null ? null : value(cell))),
  }
}

interface Inference {
  type: string
  /** The JSON value of one cell. */
  value: (cell: string) => unknown
}

/**
 * agate's order: Number, Date, DateTime, Boolean, Text. A column with no values at all is a
 * Number in agate, and an integer for dbt.
 */
function inferType(texts: string[]): Inference {
  const numbers = readAll(texts, readNumber)
  if (numbers) {
    return numbers.every((number) => number.integer !== undefined)
      ? { type: 'Int64', value: (cell) => readNumber(cell.trim())?.integer }
      : { type: 'Float64', value: (cell) => readNumber(cell.trim())?.float }
  }
  const dates = readAll(texts, readDate)
  if (dates) {
    const type = dates.every((date) => date.fitsDate) ? 'Date' : 'Date32'
    return { type, value: (cell) => cell.trim() }
  }
  const times = readAll(texts, readDateTime)
  if (times) {
    const digits = Math.max(...times.map((time) => time.fractionDigits))
    const type =
      digits === 0 && times.every((time) => time.fitsDateTime)
        ? 'DateTime'
        : `DateTime64(${digits <= 3 ? 3 : digits <= 6 ? 6 : 9})`
    return { type, value: (cell) => cell.trim() }
  }
  if (texts.every((text) => readBoolean(text) !== undefined)) {
    return { type: 'Bool', value: (cell) => readBoolean(cell.trim()) }
  }
  return { type: 'String', value: (cell) => cell }
}

function readAll<T>(texts: string[], read: (text: string) => T | undefined): T[] | undefined {
  const results: T[] = []
  for (const text of texts) {
    const result = read(text)
    if (result === undefined) return undefined
    results.push(result)
  }
  return results
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * A decimal number, and its integer digits when its value is whole: agate's MaxPrecision
 * normalizes first, so `1.0` and `1e3` are integers. Whole numbers beyond Int64 are left to
 * Float64. (agate also strips `$`, `%` and thousands separators; a seed means them as text.)
 */
function readNumber(text: string): { float: number; integer?: string } | undefined {
  const match = NUMBER.exec(text)
  if (!match) return undefined
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match
  if (whole === '' && fraction === '') return undefined
  const float = Number(text)
  if (!Number.isFinite(float)) return undefined
  const digits = `${whole}${fraction}`.replace(/^0+/, '')
  const significant = digits.replace(/0+$/, '')
  // Decimal places of the normalized value; zero or less means a whole number.
  const places = fraction.length - Number(exponent) - (digits.length - significant.length)
  if (significant === '') return { float, integer: '0' }
  if (places > 0 || -places + significant.length > 20) return { float }
  const integer = BigInt(`${sign}${significant}${'0'.repeat(-places)}`)
  if (integer < INT64_MIN || integer > INT64_MAX) return { float }
  return { float, integer: integer.toString() }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/

/** Date32's range; a date outside it would be clamped, so it is text. */
function readDate(text: string): { fitsDate: boolean } | undefined {
  const match = DATE.exec(text)
  if (!match || !validDate(match[1], match[2], match[3])) return undefined
  if (text < '1900-01-01' || text > '2299-12-31') return undefined
  return { fitsDate: text >= '1970-01-01' && text <= '2149-06-06' }
}

/** ISO 8601 with `T` or a space, optional seconds, fraction and offset; DateTime64's range. */
function readDateTime(text: string): { fractionDigits: number; fitsDateTime: boolean } | undefined {
  const match = DATE_TIME.exec(text)
  if (!match || !validDate(match[1], match[2], match[3])) return undefined
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return undefined
  const year = Number(match[1])
  if (year < 1900 || year > 2299) return undefined
  // By year: DateTime ends in February 2106, and the offset may move a value across a year.
  return { fractionDigits: match[7]?.length ?? 0, fitsDateTime: year >= 1970 && year < 2106 }
}

function validDate(year = '', month = '', day = ''): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
}

/** agate's Boolean with dbt's values: `true` and `false`, in any case. */
function readBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase()
  return lower === 'true' ? true : lower === 'false' ? false : undefined
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

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** The warehouse's first line, without the query or plan it quotes back. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const [firstLine = ''] = message.split('\n')
  const [reason = ''] = firstLine.split(/: In scope |: while executing /)
  return reason.trim()
}
