/**
 * Two versions of the models side by side on the same generated data: a saved data directory
 * (a snapshot, generated once), copied for each run, then a full build, 1 % more events and the
 * next build, each with its wall-clock and CPU seconds and every node's seconds. With
 * `--threads 1` each node runs alone, so its CPU (the process's, the embedded engine's threads
 * included, and the merges it set off) is measured too: per-model figures that a machine shared
 * with other work disturbs much less than wall-clock ones. Generating 10 million events takes
 * minutes; a snapshot takes it once.
 *
 *   node --import tsx bench/snapshot-builds.ts --prepare --events 10000000 --snapshot /tmp/snap10m
 *   node --import tsx bench/snapshot-builds.ts --events 10000000 --snapshot /tmp/snap10m \
 *     [--project <a copy of models/, e.g. from git archive>] [--threads 1] [--fingerprints] --out run.json
 *
 * `--fingerprints` adds each mart's count and hash after the full and the next build, and after a
 * full refresh on top: the incremental build's marts must equal the refresh's.
 */
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { generate } from '@leadhouse/generate'
import { buildModels } from '@leadhouse/models'
import { openWarehouse, type Warehouse } from '@leadhouse/warehouse'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { timeBuild } from './attribution-share.js'
import { type MartFingerprint, martFingerprints } from './mart-fingerprints.js'
import { settled } from './support.js'

/** As bench/mart-fingerprints.ts: a fixed scoring moment, so two runs build the same marts. */
const VARS = { score_as_of: '2026-11-01 00:00:00', incremental_lookback_minutes: 0 }

interface BuildFigures {
  seconds: number
  cpuSeconds: number
  /** Each node's seconds, by unique id. */
  nodes: Record<string, number>
  /** Each node's CPU seconds, by unique id: meaningful with --threads 1 only. */
  nodeCpu: Record<string, number>
  failed: string[]
}

async function build(
  warehouse: Warehouse,
  options: { projectDir?: string; threads: number; fullRefresh?: boolean },
): Promise<BuildFigures> {
  const nodeCpu: Record<string, number> = {}
  let mark = process.cpuUsage()
  const { seconds, cpuSeconds, result } = await timeBuild(
    () =>
      buildModels({
        warehouse,
        vars: VARS,
        threads: options.threads,
        fullRefresh: options.fullRefresh === true,
        ...(options.projectDir ? { projectDir: options.projectDir } : {}),
        onNodeStart: () => {
          mark = process.cpuUsage()
        },
        onNodeDone: (node) => {
          const used = process.cpuUsage(mark)
          nodeCpu[node.uniqueId] = (used.user + used.system) / 1e6
        },
      }),
    () => settled(warehouse),
  )
  return {
    seconds,
    cpuSeconds,
    nodes: Object.fromEntries(result.results.map((node) => [node.uniqueId, node.seconds])),
    nodeCpu,
    failed: result.results
      .filter((node) => !['success', 'pass'].includes(node.status))
      .map((node) => `${node.name}: ${node.status} ${node.message ?? ''}`),
  }
}

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    snapshot: { type: 'string' },
    project: { type: 'string' },
    out: { type: 'string' },
    threads: { type: 'string', default: '4' },
    fingerprints: { type: 'boolean', default: false },
    prepare: { type: 'boolean', default: false },
  },
})
const events = Number(values.events)
const snapshot = values.snapshot
if (!snapshot) throw new Error('--snapshot: the data directory to generate into or copy from')
if (values.prepare) {
  if (existsSync(snapshot)) throw new Error(`--snapshot ${snapshot}: exists already`)
  const warehouse = await openWarehouse({ dataDir: snapshot, database: 'leadhouse' })
  await generate(warehouse, { events, seed: 1 })
  await settled(warehouse)
  await warehouse.close()
} else {
  if (!values.out) throw new Error('--out: the JSON file to write the figures to')
  const dataDir = temporaryDataDir()
  cpSync(snapshot, dataDir, { recursive: true })
  const warehouse = await openWarehouse({ dataDir, database: 'leadhouse' })
  const options = {
    threads: Number(values.threads),
    ...(values.project ? { projectDir: values.project } : {}),
  }
  const marts: Record<string, Record<string, MartFingerprint>> = {}
  try {
    await settled(warehouse)
    const full = await build(warehouse, options)
    console.error(`full build: ${full.seconds.toFixed(1)} s, CPU ${full.cpuSeconds.toFixed(1)} s`)
    if (values.fingerprints) marts.full = await martFingerprints(warehouse)
    // As the lead-models bench: 1 % more events, on the second day after the generator's window.
    await generate(warehouse, {
      events: Math.ceil(events / 100),
      seed: 2,
      days: 1,
      end: '2026-11-02',
    })
    await settled(warehouse)
    const next = await build(warehouse, options)
    console.error(`next build: ${next.seconds.toFixed(1)} s, CPU ${next.cpuSeconds.toFixed(1)} s`)
    if (values.fingerprints) {
      marts.next = await martFingerprints(warehouse)
      await build(warehouse, { ...options, fullRefresh: true })
      marts.refresh = await martFingerprints(warehouse)
    }
    const figures = {
      project: values.project ?? 'models/',
      events,
      threads: options.threads,
      full,
      next,
      marts,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }
    writeFileSync(values.out, `${JSON.stringify(figures, null, 1)}\n`)
  } finally {
    await warehouse.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
