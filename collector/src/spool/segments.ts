import { randomBytes } from 'node:crypto'
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

/**
 * `segment-<sequence>-<writer>.ndjson`. The name is the segment's insert token too, so it must
 * never name other rows: a process numbers its segments from 1 again when it finds the directory
 * empty, and collectors may share a warehouse, which drops an insert whose token it has seen
 * among its last 10,000. The writer part (random, one per opened spool) keeps the names apart;
 * names without it are from spools written before it and are still replayed.
 */
const SEGMENT = /^segment-(\d{12})(-[0-9a-f]{16})?\.ndjson$/

export function segmentName(sequence: number, writer: string): string {
  return `segment-${String(sequence).padStart(12, '0')}-${writer}.ndjson`
}

/** A new writer id for `segmentName`: 64 random bits. */
export function newWriterId(): string {
  return randomBytes(8).toString('hex')
}

/**
 * The segments in `dir`, oldest first, with their sequence numbers and whether their name carries
 * a writer id.
 */
export async function listSegments(
  dir: string,
): Promise<{ name: string; sequence: number; hasWriter: boolean }[]> {
  await mkdir(dir, { recursive: true })
  const segments = []
  for (const name of await readdir(dir)) {
    const match = SEGMENT.exec(name)
    if (match)
      segments.push({ name, sequence: Number(match[1]), hasWriter: match[2] !== undefined })
  }
  return segments.sort((a, b) => a.sequence - b.sequence)
}

export function encodeRecords(records: SpoolRecord[]): string {
  let text = ''
  for (const [table, row] of records) text += `${table}\t${rowJson(row)}\n`
  return text
}

/**
 * A row as JSON the warehouse reads. JSON.stringify writes a lone surrogate (half of an emoji,
 * which a JSON body may name with a \ud83d escape) as such an escape, in a value or a key, and
 * ClickHouse refuses the whole insert for it. Those are written as U+FFFD instead, as a UTF-8
 * decoder writes broken bytes. Only a row whose JSON has a \u escape of the surrogate range at
 * all takes the slower second pass.
 */
export function rowJson(row: object): string {
  const json = JSON.stringify(row)
  return json.includes('\\ud') ? JSON.stringify(wellFormed(row)) : json
}

/** `value` with every string in it, keys included, well-formed UTF-16. */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed()
  if (Array.isArray(value)) return value.map(wellFormed)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [key.toWellFormed(), wellFormed(field)]),
    )
  return value
}

/**
 * The rows of a segment as the bytes of their JSON lines (without the newline), grouped by
 * table. A last line without its newline is a write that was cut short (the process died
 * mid-write): its request was never acknowledged, so it is left out rather than guessed at.
 * Bytes, not text: the rows go to the warehouse as they are, and decoding them into strings and
 * encoding them again cost the event loop more than anything else a flush does.
 */
export async function readSegment(dir: string, name: string): Promise<Map<string, Buffer[]>> {
  const bytes = await readFile(join(dir, name))
  const byTable = new Map<string, Buffer[]>()
  // Rows of one table come in runs: its name is decoded once a run.
  let tag: Buffer | undefined
  let rows: Buffer[] = []
  for (
    let start = 0, end = bytes.indexOf(NEWLINE);
    end !== -1;
    end = bytes.indexOf(NEWLINE, start)
  ) {
    const tab = bytes.indexOf(TAB, start)
    if (tab !== -1 && tab < end) {
      const lineTag = bytes.subarray(start, tab)
      if (!tag?.equals(lineTag)) {
        tag = lineTag
        const table = lineTag.toString('utf8')
        rows = byTable.get(table) ?? []
        byTable.set(table, rows)
      }
      rows.push(bytes.subarray(tab + 1, end))
    }
    start = end + 1
  }
  return byTable
}

/** `rows` as one buffer of lines, each ending with a newline. */
export function joinLines(rows: readonly Buffer[]): Buffer {
  let size = 0
  for (const row of rows) size += row.byteLength + 1
  const lines = Buffer.allocUnsafe(size)
  let offset = 0
  for (const row of rows) {
    offset += row.copy(lines, offset)
    lines[offset++] = NEWLINE
  }
  return lines
}

const NEWLINE = 0x0a
const TAB = 0x09

export async function deleteSegment(dir: string, name: string): Promise<void> {
  await unlink(join(dir, name))
}
