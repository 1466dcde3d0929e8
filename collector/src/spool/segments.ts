import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The spool's disk format: numbered segment files of newline-delimited JSON records,
 * `["table", {row}]`, written in order and deleted once the warehouse holds them.
 */

/** One row bound for a raw table. */
export type SpoolRecord = [table: string, row: object]

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
  for (const record of records) text += `${JSON.stringify(record)}\n`
  return text
}

/**
 * The records of a segment, grouped by table. A last line without its newline is a write that
 * was cut short (the process died mid-write): its request was never acknowledged, so it is
 * left out rather than guessed at.
 */
export async function readSegment(dir: string, name: string): Promise<Map<string, object[]>> {
  const text = await readFile(join(dir, name), 'utf8')
  const complete = text.slice(0, text.lastIndexOf('\n') + 1)
  const byTable = new Map<string, object[]>()
  for (const line of complete.split('\n')) {
    if (!line) continue
    const [table, row] = JSON.parse(line) as SpoolRecord
    const rows = byTable.get(table) ?? []
    rows.push(row)
    byTable.set(table, rows)
  }
  return byTable
}

export async function deleteSegment(dir: string, name: string): Promise<void> {
  await unlink(join(dir, name))
}
