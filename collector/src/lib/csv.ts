/**
 * CSV as RFC 4180 writes it: CRLF line ends, a field quoted when it holds a quote, comma or line
 * break, quotes doubled. A text cell that a spreadsheet would run as a formula (it starts with
 * = + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP advises for CSV
 * injection: values from visitors (names, companies) must stay text when an export is opened.
 * Numbers are written as numbers, so a negative score stays -5.
 */

export type CsvCell = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/

/** One field: null and undefined as empty. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A header line and one line a row, each ending with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('')
}
