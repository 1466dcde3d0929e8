/**
 * The attribution and KPI models' cost (issue #21) within a build of Leadhouse's models: a full
 * refresh of everything beside one of everything but them, on the same warehouse in the same
 * process, and their nodes' time within each build. Used by the lead-models bench.
 */
import { invoke, LEADHOUSE_PROJECT_DIR, type RunResult } from '@leadhouse/models'
import type { Warehouse } from '@leadhouse/warehouse'

/**
 * The nodes #21 added, as dbt selectors: the attribution marts, channel_kpis (all downstream of
 * conversions) and the exchange_rates seed with its tests. The build without them is the build
 * of before (435e3ea).
 */
export const ATTRIBUTION_SELECTORS = ['conversions+', 'exchange_rates+']

/** A build's wall-clock and CPU seconds (the engine runs in this process: its threads count). */
export interface TimedBuild {
  seconds: number
  cpuSeconds: number
  result: RunResult
}

/** Runs `build`, then waits for `settled` (the merges it set off), timing both. */
export async function timeBuild(
  build: () => Promise<RunResult>,
  settled: () => Promise<void>,
): Promise<TimedBuild> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const result = await build()
  await settled()
  const used = process.cpuUsage(cpu)
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    result,
  }
}

/** A full refresh of every node but the attribution and KPI ones, as buildModels builds. */
export async function buildWithoutAttribution(
  warehouse: Warehouse,
  vars: Record<string, unknown>,
): Promise<RunResult> {
  const { run } = await invoke({
    command: 'build',
    projectDir: LEADHOUSE_PROJECT_DIR,
    warehouse,
    vars,
    fullRefresh: true,
    exclude: ATTRIBUTION_SELECTORS,
    // As buildModels builds.
    threads: 4,
    writeArtifacts: false,
  })
  if (!run) throw new Error('the build without the attribution models ran nothing')
  return run
}

/** The attribution and KPI nodes' seconds in a build, and their share of all its nodes' seconds. */
export interface NodeShare {
  seconds: number
  ofAllNodes: number
}

/**
 * The seconds of the nodes of `build` that `without` (the build without the attribution models)
 * lacks. Nodes run four at once, so these are not wall-clock seconds: their share is of the
 * nodes' seconds summed.
 */
export function attributionNodes(build: RunResult, without: RunResult): NodeShare {
  const others = new Set(without.results.map((node) => node.uniqueId))
  const total = build.results.reduce((sum, node) => sum + node.seconds, 0)
  const seconds = build.results
    .filter((node) => !others.has(node.uniqueId))
    .reduce((sum, node) => sum + node.seconds, 0)
  return {
    seconds: Math.round(seconds * 100) / 100,
    ofAllNodes: total === 0 ? 0 : Math.round((seconds / total) * 1000) / 1000,
  }
}
