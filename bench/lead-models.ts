/**
 * Leadhouse's own models at volume: synthetic journeys (`pnpm generate`) into a fresh embedded
 * warehouse, then a full `buildModels` (seeds, models, tests). Runs in a child process: the
 * engine binds one data directory per process, and the models-runner bench has already opened
 * one in this one. The child prints one line of JSON; `BENCH_EVENTS` sets the volume.
 */
import {
  attributionNodes,
  buildWithoutAttribution,
  type NodeShare,
  timeBuild,
} from './attribution-share.js'
import { benchEvents, childEvents, isMain, runInChild, settled } from './support.js'

/**
 * The child is killed after this long, a bench must end: `BENCH_TIMEOUT_MINUTES`, else 20 minutes
 * or 6 per million events, whichever is longer (at 10 million: generation and five builds, three
 * of them full, take over 20 minutes on a busy 2-core machine).
 */
function timeoutMs(events: number): number {
  const minutes = Number(process.env.BENCH_TIMEOUT_MINUTES ?? Math.max(20, (events / 1e6) * 6))
  return minutes * 60_000
}

export interface LeadModelsBench {
  events: number
  generation: { seconds: number; eventsPerSecond: number }
  leads: number
  crmRecords: number
  build: {
    seconds: number
    eventsPerSecond: number
    /**
     * The data tests' node time, summed (dbt's `build` runs them after the models they test).
     * Threads run them beside other nodes, so this is not a share of `seconds`.
     */
    testSeconds: number
    nodes: number
    failed: string[]
    slowest: { name: string; seconds: number; rows?: number }[]
  }
  rows: Record<string, number>
  /** A build after 1 % more events, against the full build. */
  incremental: {
    events: number
    seconds: number
    testSeconds: number
    ofFullBuild: number
    failed: string[]
    slowest: { name: string; seconds: number; rows?: number }[]
  }
  /**
   * One more build with nothing new, against the full build: what every scheduled build costs
   * before any new data, the floor under the incremental one.
   */
  idle: { seconds: number; testSeconds: number; ofFullBuild: number; failed: string[] }
  /**
   * The attribution and KPI models (issue #21): two more full refreshes, one of everything but
   * them and one of everything, side by side (their cost: `extra`, target ≤ 25 %), and their
   * nodes' share of the full and the next build.
   */
  attribution: {
    without: { seconds: number; cpuSeconds: number }
    with: { seconds: number; cpuSeconds: number }
    /** with / without − 1, wall clock and CPU. */
    extra: number
    cpuExtra: number
    fullNodes: NodeShare
    nextNodes: NodeShare
  }
  /** CPU seconds (all the process's threads, the engine's too) of the full and the next build. */
  cpuSeconds: { build: number; incremental: number }
  /** Peak resident memory of the child (the embedded engine's too), MiB, over every build. */
  peakRssMiB: number
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

/** Seconds the build's data tests took. */
function testSeconds(results: { resourceType: string; seconds: number }[]): number {
  const sum = results
    .filter((node) => node.resourceType === 'test')
    .reduce((total, node) => total + node.seconds, 0)
  return Math.round(sum * 100) / 100
}

/** The nodes that did not succeed or pass, with their status. */
function failedNodes(results: { name: string; status: string }[]): string[] {
  return results
    .filter((node) => !['success', 'pass'].includes(node.status))
    .map((node) => `${node.name}: ${node.status}`)
}

/** The build's slowest nodes, slowest first. */
function slowestNodes(
  results: { name: string; seconds: number; rows?: number }[],
  count = 8,
): LeadModelsBench['build']['slowest'] {
  return [...results]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map(({ name, seconds, rows }) => ({
      name,
      seconds: Math.round(seconds * 100) / 100,
      ...(rows === undefined ? {} : { rows }),
    }))
}

/** In the child: generate, build, measure. */
async function measure(events: number): Promise<LeadModelsBench> {
  const { openTemporaryWarehouse, rows } = await import('@leadhouse/warehouse/testing')
  const { buildModels } = await import('@leadhouse/models')
  const { generate } = await import('@leadhouse/generate')
  const warehouse = await openTemporaryWarehouse()
  try {
    const summary = await generate(warehouse, { events, seed: 1 })
    // The generator's own inserts merge first: not the build's work.
    await settled(warehouse)
    const settle = () => settled(warehouse)
    const fullBuild = await timeBuild(() => buildModels({ warehouse }), settle)
    const { result, seconds } = fullBuild
    const [counts] = await rows<Record<string, string>>(
      warehouse,
      `SELECT
         (SELECT count() FROM leadhouse.touchpoints) AS touchpoints,
         (SELECT count() FROM leadhouse.activity_log) AS activity_log,
         (SELECT count() FROM leadhouse.int_score_hits) AS int_score_hits,
         (SELECT count() FROM leadhouse.leads) AS leads,
         (SELECT countIf(is_mql) FROM leadhouse.lead_scores) AS mqls`,
    )
    // The models of #21 side by side with the build of before: full refreshes of the same data,
    // without them and then with them.
    const without = await timeBuild(() => buildWithoutAttribution(warehouse, {}), settle)
    const withThem = await timeBuild(() => buildModels({ warehouse, fullRefresh: true }), settle)
    // One per cent more events arriving after the first build, then the next scheduled build.
    // The incremental models find them by when the warehouse stored them (inserted_at), so any
    // day would do; they stay on the second day after the window, as in earlier runs, so that
    // the figures compare.
    const more = await generate(warehouse, {
      events: Math.ceil(events / 100),
      seed: 2,
      days: 1,
      end: '2026-11-02',
    })
    await settled(warehouse)
    // Without the lookback margin (var incremental_lookback_minutes, 5 by default): the bench
    // stores all its rows within a few minutes, so with the margin the next builds would redo
    // every one of them, as the builds of the first minutes after any bulk load do. Without it,
    // they cost what a scheduled build costs once the bulk load is older than the margin.
    const vars = { incremental_lookback_minutes: 0 }
    const nextBuild = await timeBuild(() => buildModels({ warehouse, vars }), settle)
    const { result: next, seconds: incrementalSeconds } = nextBuild
    const idleStarted = performance.now()
    const idle = await buildModels({ warehouse, vars })
    await settled(warehouse)
    const idleSeconds = (performance.now() - idleStarted) / 1000
    const fullTests = testSeconds(result.results)
    const nextTests = testSeconds(next.results)
    return {
      attribution: {
        without: { seconds: round(without.seconds), cpuSeconds: round(without.cpuSeconds) },
        with: { seconds: round(withThem.seconds), cpuSeconds: round(withThem.cpuSeconds) },
        extra: round(withThem.seconds / without.seconds - 1, 3),
        cpuExtra: round(withThem.cpuSeconds / without.cpuSeconds - 1, 3),
        fullNodes: attributionNodes(result, without.result),
        nextNodes: attributionNodes(next, without.result),
      },
      cpuSeconds: { build: round(fullBuild.cpuSeconds), incremental: round(nextBuild.cpuSeconds) },
      incremental: {
        events: more.events,
        seconds: Math.round(incrementalSeconds * 100) / 100,
        testSeconds: nextTests,
        ofFullBuild: Math.round((incrementalSeconds / seconds) * 1000) / 1000,
        failed: failedNodes(next.results),
        slowest: slowestNodes(next.results),
      },
      idle: {
        seconds: Math.round(idleSeconds * 100) / 100,
        testSeconds: testSeconds(idle.results),
        ofFullBuild: Math.round((idleSeconds / seconds) * 1000) / 1000,
        failed: failedNodes(idle.results),
      },
      events: summary.events,
      generation: { seconds: summary.seconds, eventsPerSecond: summary.eventsPerSecond },
      leads: summary.leads,
      crmRecords: summary.crmRecords,
      build: {
        seconds: Math.round(seconds * 100) / 100,
        eventsPerSecond: Math.round(summary.events / seconds),
        testSeconds: fullTests,
        nodes: result.results.length,
        failed: failedNodes(result.results),
        slowest: slowestNodes(result.results),
      },
      rows: Object.fromEntries(
        Object.entries(counts ?? {}).map(([key, value]) => [key, Number(value)]),
      ),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }
  } finally {
    await warehouse.close()
  }
}

/** Generates `BENCH_EVENTS` (default 1,000,000) events and builds the models on them; prints tables. */
export async function benchLeadModels(): Promise<LeadModelsBench> {
  const events = benchEvents()
  const bench = await runInChild<LeadModelsBench>(import.meta.url, [events], {
    bench: 'lead-models bench',
    timeoutMs: timeoutMs(events),
    timeoutHint: 'BENCH_TIMEOUT_MINUTES',
  })
  console.log(
    `\nLeadhouse's models on synthetic data: ${bench.events.toLocaleString('en-US')} events (${bench.leads.toLocaleString('en-US')} leads, ${bench.crmRecords.toLocaleString('en-US')} CRM records), embedded engine, fresh warehouse`,
  )
  console.table({
    'generate (pnpm generate)': {
      seconds: bench.generation.seconds,
      'events/s': bench.generation.eventsPerSecond,
    },
    'buildModels (seeds, models, tests)': {
      seconds: bench.build.seconds,
      'events/s': bench.build.eventsPerSecond,
      'tests (node time), s': bench.build.testSeconds,
    },
    [`next build after +${bench.incremental.events.toLocaleString('en-US')} events`]: {
      seconds: bench.incremental.seconds,
      'tests (node time), s': bench.incremental.testSeconds,
      'of the full build': `${(bench.incremental.ofFullBuild * 100).toFixed(1)} % (target ≤ 15 %)`,
    },
    'one more build, nothing new': {
      seconds: bench.idle.seconds,
      'tests (node time), s': bench.idle.testSeconds,
      'of the full build': `${(bench.idle.ofFullBuild * 100).toFixed(1)} %`,
    },
  })
  const { attribution } = bench
  const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`
  console.log(
    `The attribution and KPI models (#21): full refreshes side by side, and their nodes' time (nodes run 4 at once: a share of all nodes' time); CPU of the whole process`,
  )
  console.table({
    'full refresh without them (the build of before)': {
      seconds: attribution.without.seconds,
      'CPU, s': attribution.without.cpuSeconds,
    },
    'full refresh with them': {
      seconds: attribution.with.seconds,
      'CPU, s': attribution.with.cpuSeconds,
      'more than without': `${percent(attribution.extra)} (target ≤ 25 %); CPU ${percent(attribution.cpuExtra)}`,
    },
  })
  console.table({
    'their nodes in the full build': {
      'node time, s': attribution.fullNodes.seconds,
      'of all nodes': percent(attribution.fullNodes.ofAllNodes),
      'CPU of the build, s': bench.cpuSeconds.build,
    },
    'their nodes in the next build': {
      'node time, s': attribution.nextNodes.seconds,
      'of all nodes': percent(attribution.nextNodes.ofAllNodes),
      'CPU of the build, s': bench.cpuSeconds.incremental,
      "of the full build's CPU": percent(bench.cpuSeconds.incremental / bench.cpuSeconds.build),
    },
  })
  console.log('Slowest nodes of the full build')
  console.table(Object.fromEntries(bench.build.slowest.map(({ name, ...rest }) => [name, rest])))
  console.log('Slowest nodes of the next build')
  console.table(
    Object.fromEntries(bench.incremental.slowest.map(({ name, ...rest }) => [name, rest])),
  )
  const failed = [...bench.build.failed, ...bench.incremental.failed, ...bench.idle.failed]
  console.log(
    `build: ${bench.build.nodes} nodes, ${failed.length ? `FAILED: ${failed.join(', ')}` : 'all green'}; rows ${Object.entries(
      bench.rows,
    )
      .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
      .join(', ')}; peak RSS ${bench.peakRssMiB} MiB`,
  )
  return bench
}

if (isMain(import.meta.url))
  process.stdout.write(`${JSON.stringify(await measure(childEvents('lead-models bench')))}\n`)
