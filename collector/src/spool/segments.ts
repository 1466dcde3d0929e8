import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The spool's disk format: numbered segment files of lines `tag<TAB>row as JSON`, written in
 * order and deleted once the warehouse holds them. The tag names the raw table, or a layout of its
 * columns when the row is a JSON array. JSON never holds a raw tab, so the first tab ends the tag,
 * and the JSON goes to the warehouse as it is, never parsed again.
 */

/** One row bound for a raw table: an object, or an array in the layout `tag` names. */
export type SpoolRecord = [tag: string, row: object]

const SEGMENT = /^segment-(\d{12})\.ndjson$/

export function segmentName(sequence: number): string {
  return `segment-${String(sequence).padStart(12, '0')}.ndjson`
}

/** The segments in `dir`, oldest first, with their sequence numbers. */
export async function listSegments(dir: string): Promise<{ name: string; sequence: number }[]> {
  await mkdir(dir, { recursive: true })
  return (await readdir(dir))
    .map((name) => ({ name, sequence: Number(SEGMENT.exec(name)?.[1] ?? Number.NaN) }))
    .filter((segment) => !Number.isNaN(segment.sequence))
    .sort((a, b) => a.sequence - b.sequence)
}

export function encodeRecords(records: SpoolRecord[]): string {
  let text = ''
  for (const [table, row] of records) text += `${table}\t${JSON.stringify(row)}\n`
  return text
}

/**
 * The rows of a segment as JSON lines, grouped by table. A last line without its newline is a
 * write that was cut short (the process died mid-write): its request was never acknowledged,
 * so it is left out rather than guessed at.
 */
export async function readSegment(dir: string, name: string): Promise<Map<string, string[]>> {
  const text = await readFile(join(dir, name), 'utf8')
  const byTable = new Map<string, string[]>()
  let start = 0
  for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) {
    const tab = text.indexOf('\t', start)
    if (tab === -1 || tab > end) continue
    const table = text.slice(start, tab)
    const rows = byTable.get(table) ?? []
    rows.push(text.slice(tab + 1, end))
    byTable.set(table, rows)
  }
  return byTable
}

export async function deleteSegment(dir: string, name: string): Promise<void> {
  await unlink(join(dir, name))
}
