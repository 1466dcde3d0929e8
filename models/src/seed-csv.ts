/**
 * A seed's CSV as dbt reads it: the header, rows of the header's width (a blank line is no row),
 * `''` and `null` as empty, each column typed (seed-inference.ts) or as `column_types` says.
 * Every problem is a SeedError naming the file and the line.
 */
import { CsvError, parse } from 'csv-parse/sync'
import { SeedError } from './errors.js'
import { typeColumn } from './seed-inference.js'

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

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** The warehouse's first line, without the query or plan it quotes back. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const [firstLine = ''] = message.split('\n')
  const [reason = ''] = firstLine.split(/: In scope |: while executing /)
  return reason.trim()
}
