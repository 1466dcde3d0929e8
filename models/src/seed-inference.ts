/**
 * Seed column types, inferred as dbt infers them.
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

/** A column's type, and each cell as the JSON value that type reads (null for an empty cell). */
export interface TypedColumn {
  name: string
  type: string
  values: unknown[]
}

/** Types a column from its cells (null for an empty one), as agate would. */
export function typeColumn(name: string, cells: (string | null)[]): TypedColumn {
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
