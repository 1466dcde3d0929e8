/**
 * Proof that a change to the models left the marts as they were: synthetic journeys into a fresh
 * embedded warehouse, a full build with a fixed scoring moment, then per mart (every model under
 * models/models/marts/) its row count and an order-insensitive hash of its rows. Run it before
 * and after a change and compare the output, which is the same on every run of one commit.
 *
 *   node --import tsx bench/mart-fingerprints.ts [--events 1000000] [--seed 1] [--incremental]
 *
 * `--incremental` then adds 1 % more events (seed 2, the day after the window), times the next
 * build, and prints the marts again: the figures of an incremental build, and its marts.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generate } from '@leadhouse/generate'
import { buildModels, LEADHOUSE_PROJECT_DIR } from '@leadhouse/models'
import type { Warehouse } from '@leadhouse/warehouse'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { isMain } from './support.js'

/** The scoring moment: the day after the generator's default window ends, on every run. */
const VARS = { score_as_of: '2026-11-01 00:00:00', incremental_lookback_minutes: 0 }

/**
 * Columns left out of the hash: the wall clock the warehouse stamps on every raw row at insert
 * (carried into activity_log and touchpoints), which differs between any two runs.
 */
const WALL_CLOCK_COLUMNS = new Set(['inserted_at'])

export interface MartFingerprint {
  rows: number
  /**
   * sum(cityHash64(tuple(the columns, by name))) as UInt64, wrapping on overflow. A tuple:
   * cityHash64 of a NULL argument is NULL, which sum() would skip.
   */
  hash: string
}

/** Every model under models/marts/, by name, sorted. */
export function martNames(projectDir = LEADHOUSE_PROJECT_DIR): string[] {
  const entries = readdirSync(join(projectDir, 'models', 'marts'), { recursive: true })
  return entries
    .map(String)
    .filter((path) => path.endsWith('.sql'))
    .map((path) => (path.split(/[\\/]/).pop() as string).replace(/\.sql$/, ''))
    .sort()
}

/** Each mart's row count and content hash. */
export async function martFingerprints(
  warehouse: Warehouse,
  marts = martNames(),
): Promise<Record<string, MartFingerprint>> {
  const fingerprints: Record<string, MartFingerprint> = {}
  for (const mart of marts) {
    const columns = await rows<{ name: string }>(
      warehouse,
      `SELECT name FROM system.columns WHERE database = {database:String} AND table = {table:String}
       ORDER BY name`,
      { database: warehouse.database, table: mart },
    )
    const hashed = columns.map(({ name }) => name).filter((name) => !WALL_CLOCK_COLUMNS.has(name))
    if (hashed.length === 0) throw new Error(`mart ${mart}: no table in ${warehouse.database}`)
    const list = hashed.map((name) => `\`${name}\``).join(', ')
    const [row] = await rows<{ n: string; hash: string }>(
      warehouse,
      `SELECT toString(count()) AS n, toString(sum(cityHash64(tuple(${list})))) AS hash
       FROM \`${warehouse.database}\`.\`${mart}\``,
    )
    fingerprints[mart] = { rows: Number(row?.n), hash: row?.hash ?? '' }
  }
  return fingerprints
}

/**
 * Builds, failing loudly on any node that did not succeed or pass; returns its seconds. Its
 * slowest nodes go to stderr, beside the timings, out of the output to compare.
 */
async function build(warehouse: Warehouse): Promise<number> {
  const started = performance.now()
  const result = await buildModels({ warehouse, vars: VARS })
  const seconds = (performance.now() - started) / 1000
  const slowest = [...result.results].sort((a, b) => b.seconds - a.seconds).slice(0, 10)
  console.error(slowest.map((node) => `  ${node.name} ${node.seconds.toFixed(2)} s`).join('\n'))
  const failed = result.results.filter((node) => !['success', 'pass'].includes(node.status))
  if (failed.length > 0) {
    const lines = failed.map((node) => `  ${node.name}: ${node.status} ${node.message ?? ''}`)
    throw new Error(`the build failed:\n${lines.join('\n')}`)
  }
  return Math.round(seconds * 100) / 100
}

function print(title: string, fingerprints: Record<string, MartFingerprint>): void {
  console.log(title)
  for (const [mart, { rows: count, hash }] of Object.entries(fingerprints)) {
    console.log(`${mart.padEnd(24)} ${String(count).padStart(10)}  ${hash}`)
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      incremental: { type: 'boolean', default: false },
    },
  })
  const events = Number(values.events)
  const seed = Number(values.seed)
  const warehouse = await openTemporaryWarehouse()
  try {
    await generate(warehouse, { events, seed })
    const seconds = await build(warehouse)
    console.error(`full build of ${events} events (seed ${seed}): ${seconds} s`)
    print(
      `marts after a full build of ${events} events, seed ${seed}:`,
      await martFingerprints(warehouse),
    )
    if (values.incremental) {
      await generate(warehouse, {
        events: Math.ceil(events / 100),
        seed: 2,
        days: 1,
        end: '2026-11-02',
      })
      const next = await build(warehouse)
      console.error(`incremental build after ${Math.ceil(events / 100)} more events: ${next} s`)
      print('marts after the incremental build:', await martFingerprints(warehouse))
    }
  } finally {
    await warehouse.close()
  }
}

// Run as a script, not when imported for martFingerprints().
if (isMain(import.meta.url)) await main()
