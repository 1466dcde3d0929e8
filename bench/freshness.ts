/**
 * How fresh the marts are under a steady load. A child process runs the collector as deployed
 * (embedded warehouse, spool, scheduled builds every `BENCH_FRESHNESS_INTERVAL`, default 60 s)
 * on `BENCH_EVENTS` generated events (default 1,000,000), built once in full; this process posts
 * 200 events/s to its `POST /e` on 127.0.0.1 for `BENCH_FRESHNESS_SECONDS` (default 300). The
 * age of the newest event in `activity_log` (now − its `received_at`) is taken every second of
 * the load, from the first scheduled build that holds a posted event on: the activity log only
 * changes when a build ends, so the age at any moment is that moment less the newest event of
 * the last build ended by then, which the child records at each build's end. Sampled so, no
 * moment is missed while a build keeps the child's event loop busy. Then, with no new events,
 * the child's CPU time over two idle ticks against the wall time: what the schedule costs when
 * there is nothing to do, beside one build with nothing new, which is what every tick cost
 * before ticks checked for new rows.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { benchEvents, DEFAULT_EVENTS, isMain, settled } from './support.js'

const RATE = 200
/** Events in a request: the SDK batches what a page sends within a moment. */
const PER_REQUEST = 5
const TIMEOUT_MS = 40 * 60_000
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

export interface FreshnessBench {
  events: number
  intervalSeconds: number
  rate: number
  loadSeconds: number
  posted: number
  failedRequests: number
  generateSeconds: number
  fullBuildSeconds: number
  /** The scheduled builds during the load. */
  builds: {
    count: number
    p50Seconds: number
    maxSeconds: number
    /**
     * How long before a build's start the newest event it modelled was received (p50, max):
     * the events' way through the spool into the raw table, and the build's own start-up.
     */
    newestBehindStartP50: number
    newestBehindStartMax: number
  }
  /** The oldest event waiting in the spool during the load, at its worst. */
  spoolLagMaxSeconds: number
  age: { samples: number; p50: number; p95: number; max: number }
  idle: {
    seconds: number
    cpuSeconds: number
    /** Of one core. */
    share: number
    ticks: Record<string, number>
    /** One tick with nothing new, on its own: CPU and wall time. */
    tickCpuMs: number
    tickMs: number
    /** One build with nothing new: CPU and wall time, what each tick cost without the check. */
    buildCpuSeconds: number
    buildSeconds: number
  }
  /** 1-minute load average of the machine at start and end (it is shared). */
  loadAverage: { start: number; end: number }
  peakRssMiB: number
}

/** Interpolated quantile of sorted values. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (at - low)
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The build outcomes counted in the collector's /metrics. */
async function outcomes(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const counts: Record<string, number> = {}
  for (const match of text.matchAll(/^leadhouse_models_builds_total\{outcome="(\w+)"\} (\d+)$/gm))
    counts[match[1] as string] = Number(match[2])
  return counts
}

/**
 * In the child: the collector on generated data, built once; then the schedule while the parent
 * loads it, then idle. Talks over stdin/stdout, one JSON object a line.
 */
async function child(events: number, intervalMs: number): Promise<void> {
  const { temporaryDataDir } = await import('@leadhouse/warehouse/testing')
  const { configFromEnv, startCollector } = await import('@leadhouse/collector')
  const { generate } = await import('@leadhouse/generate')
  const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`)
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
  const receive = async () => JSON.parse(String((await lines.next()).value)) as { go: string }

  const dataDir = temporaryDataDir()
  const config = configFromEnv({
    PORT: '0',
    LEADHOUSE_DATA_DIR: dataDir,
    LEADHOUSE_MODELS_INTERVAL: '0',
    LEADHOUSE_SITES: 'demo',
  })
  const collector = await startCollector({
    config: {
      ...config,
      rateLimits: {
        perAddress: { perSecond: 1e9, burst: 1e9 },
        perSite: { perSecond: 1e9, burst: 1e9 },
      },
    },
    log: (line) => process.stderr.write(`collector: ${line}\n`),
  })
  try {
    const summary = await generate(collector.warehouse, { events, seed: 1 })
    await settled(collector.warehouse)
    const fullStarted = performance.now()
    await collector.models.run()
    await settled(collector.warehouse)
    const fullBuildSeconds = (performance.now() - fullStarted) / 1000

    // The schedule starts with the load: every build's end is recorded with the newest event
    // the activity log then held.
    const ends: { at: number; newest: number | undefined; seconds: number; started: number }[] = []
    let recording = true
    /** The age of the oldest event still in the spool, at its worst: the way into the warehouse. */
    let spoolLagSeconds = 0
    const record = async () => {
      let seen = collector.models.status().lastBuild?.finishedAt
      while (recording) {
        const { lastBuild, newestModelledAt } = collector.models.status()
        if (lastBuild && lastBuild.finishedAt !== seen) {
          seen = lastBuild.finishedAt
          ends.push({
            at: lastBuild.finishedAt,
            newest: newestModelledAt,
            seconds: lastBuild.seconds,
            started: lastBuild.startedAt,
          })
        }
        spoolLagSeconds = Math.max(spoolLagSeconds, collector.spool.state().oldestSeconds)
        await sleep(200)
      }
    }
    const recorder = record()
    collector.models.start(intervalMs)
    send({ url: collector.url, generateSeconds: summary.seconds, fullBuildSeconds })
    const { go } = await receive()
    if (go !== 'loaded') throw new Error(`unexpected ${go}`)
    const load = JSON.parse(String((await lines.next()).value)) as { from: number; to: number }

    // The last posted events reach the marts at a build; idle begins with the first tick after
    // it that finds nothing new, once the engine has settled.
    const deadline = Date.now() + 5 * intervalMs + 5 * 60_000
    const skippedAtEnd = (await outcomes(collector.url)).skipped_unchanged ?? 0
    while (
      ((await outcomes(collector.url)).skipped_unchanged ?? 0) === skippedAtEnd &&
      Date.now() < deadline
    )
      await sleep(500)
    await settled(collector.warehouse)

    // Idle: two ticks, nothing new.
    const before = await outcomes(collector.url)
    const cpu = process.cpuUsage()
    const idleStarted = performance.now()
    await sleep(2 * intervalMs)
    const idleUsed = process.cpuUsage(cpu)
    const idleSeconds = (performance.now() - idleStarted) / 1000
    const after = await outcomes(collector.url)
    recording = false
    await recorder

    // One tick with nothing new, alone: its own CPU time.
    const tickCpu = process.cpuUsage()
    const tickStarted = performance.now()
    const TICKS = 10
    for (let n = 0; n < TICKS; n++) await collector.models.tick()
    const tickUsed = process.cpuUsage(tickCpu)
    const tickMs = (performance.now() - tickStarted) / TICKS

    // What a tick cost when every tick built.
    const buildCpu = process.cpuUsage()
    const buildStarted = performance.now()
    await collector.models.run()
    await settled(collector.warehouse)
    const buildUsed = process.cpuUsage(buildCpu)
    const buildSeconds = (performance.now() - buildStarted) / 1000

    // Age at every second of the load, from the first build that holds a posted event.
    const first = ends.find((end) => end.newest !== undefined && end.newest >= load.from)
    const samples: number[] = []
    if (first)
      for (let at = first.at; at <= load.to; at += 1000) {
        const last = ends.filter((end) => end.at <= at).pop()
        if (last?.newest !== undefined) samples.push((at - last.newest) / 1000)
      }
    samples.sort((a, b) => a - b)
    const duringLoad = ends.filter((end) => end.at >= load.from && end.at <= load.to + intervalMs)
    const during = duringLoad.map((end) => end.seconds).sort((a, b) => a - b)
    // How far before its start the newest event a build modelled was received.
    const behind = duringLoad
      .filter((end) => end.newest !== undefined && end.newest >= load.from)
      .map((end) => (end.started - (end.newest ?? 0)) / 1000)
      .sort((a, b) => a - b)
    const ticks: Record<string, number> = {}
    for (const [outcome, count] of Object.entries(after))
      if (count - (before[outcome] ?? 0) > 0) ticks[outcome] = count - (before[outcome] ?? 0)
    const idleCpu = (idleUsed.user + idleUsed.system) / 1e6
    send({
      result: {
        events: summary.events,
        intervalSeconds: intervalMs / 1000,
        fullBuildSeconds: round(fullBuildSeconds),
        generateSeconds: round(summary.seconds),
        builds: {
          count: during.length,
          p50Seconds: round(quantile(during, 0.5)),
          maxSeconds: round(during.at(-1) ?? Number.NaN),
          newestBehindStartP50: round(quantile(behind, 0.5)),
          newestBehindStartMax: round(behind.at(-1) ?? Number.NaN),
        },
        spoolLagMaxSeconds: round(spoolLagSeconds),
        age: {
          samples: samples.length,
          p50: round(quantile(samples, 0.5)),
          p95: round(quantile(samples, 0.95)),
          max: round(samples.at(-1) ?? Number.NaN),
        },
        idle: {
          seconds: round(idleSeconds),
          cpuSeconds: round(idleCpu, 3),
          share: round(idleCpu / idleSeconds, 5),
          ticks,
          tickCpuMs: round((tickUsed.user + tickUsed.system) / 1000 / TICKS, 2),
          tickMs: round(tickMs, 2),
          buildCpuSeconds: round((buildUsed.user + buildUsed.system) / 1e6, 2),
          buildSeconds: round(buildSeconds, 2),
        },
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      },
    })
  } finally {
    await collector.close()
    // Gigabytes at 10 million events.
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Posts `RATE` events/s to `url` for `seconds`; resolves with what was acknowledged. */
async function postSteadily(
  url: string,
  seconds: number,
): Promise<{ posted: number; failed: number; from: number; to: number }> {
  const requests = Math.round((RATE / PER_REQUEST) * seconds)
  const gapMs = (1000 * PER_REQUEST) / RATE
  const from = Date.now()
  let posted = 0
  let failed = 0
  const inFlight = new Set<Promise<void>>()
  const visitors = Array.from({ length: 2000 }, () => ({ a: randomUUID(), sid: randomUUID() }))
  for (let n = 0; n < requests; n++) {
    const due = from + n * gapMs
    if (due > Date.now()) await sleep(due - Date.now())
    const visitor = visitors[n % visitors.length] ?? { a: randomUUID(), sid: randomUUID() }
    const body = JSON.stringify({
      s: 'demo',
      e: Array.from({ length: PER_REQUEST }, (_, k) => ({
        i: randomUUID(),
        t: 'pageview',
        ts: Date.now(),
        a: visitor.a,
        sid: visitor.sid,
        u: `https://demo.test/page-${k}`,
        p: `/page-${k}`,
      })),
    })
    const request = fetch(`${url}/e`, {
      method: 'POST',
      headers: { 'user-agent': CHROME, 'content-type': 'text/plain' },
      body,
    }).then(
      async (response) => {
        await response.arrayBuffer()
        if (response.status === 202) posted += PER_REQUEST
        else failed += 1
      },
      () => {
        failed += 1
      },
    )
    inFlight.add(request)
    void request.finally(() => inFlight.delete(request))
  }
  await Promise.all(inFlight)
  return { posted, failed, from, to: Date.now() }
}

/** Runs the freshness bench (`BENCH_EVENTS`, default 1,000,000) and prints its table. */
export async function benchFreshness(): Promise<FreshnessBench> {
  const events = benchEvents()
  const intervalSeconds = Number(process.env.BENCH_FRESHNESS_INTERVAL ?? 60)
  const loadSeconds = Number(process.env.BENCH_FRESHNESS_SECONDS ?? 300)
  const loadStart = (await import('node:os')).loadavg()[0] ?? 0
  const worker = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), String(events), String(intervalSeconds)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const timer = setTimeout(() => worker.kill('SIGKILL'), TIMEOUT_MS)
  const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve))
  const messages = createInterface({ input: worker.stdout })[Symbol.asyncIterator]()
  const next = async (): Promise<unknown> => {
    for (;;) {
      const { value, done } = await messages.next()
      if (done) throw new Error(`the freshness bench's child exited with ${await exited}`)
      // The engine may print lines of its own.
      if (String(value).startsWith('{')) return JSON.parse(String(value))
    }
  }
  try {
    const ready = (await next()) as { url: string; generateSeconds: number }
    const load = await postSteadily(ready.url, loadSeconds)
    worker.stdin.write(`${JSON.stringify({ go: 'loaded' })}\n`)
    worker.stdin.write(`${JSON.stringify({ from: load.from, to: load.to })}\n`)
    const { result } = (await next()) as { result: Omit<FreshnessBench, 'rate' | 'loadSeconds'> }
    worker.stdin.end()
    await exited
    const bench: FreshnessBench = {
      ...result,
      rate: RATE,
      loadSeconds,
      posted: load.posted,
      failedRequests: load.failed,
      loadAverage: {
        start: round(loadStart, 2),
        end: round((await import('node:os')).loadavg()[0] ?? 0, 2),
      },
    }
    print(bench)
    return bench
  } finally {
    clearTimeout(timer)
    worker.kill('SIGKILL')
  }
}

function print(bench: FreshnessBench): void {
  console.log(
    `\nFreshness of the marts: ${bench.events.toLocaleString('en-US')} generated events, built in full in ${bench.fullBuildSeconds} s, then ${bench.rate} events/s to POST /e for ${bench.loadSeconds} s (${bench.posted.toLocaleString('en-US')} acknowledged, ${bench.failedRequests} requests failed), builds every ${bench.intervalSeconds} s; load average ${bench.loadAverage.start} → ${bench.loadAverage.end}`,
  )
  console.table({
    'age of the newest event in activity_log, s': {
      p50: bench.age.p50,
      p95: `${bench.age.p95} (target ≤ 90)`,
      max: bench.age.max,
      samples: bench.age.samples,
    },
    'scheduled builds during the load, s': {
      p50: bench.builds.p50Seconds,
      p95: '',
      max: bench.builds.maxSeconds,
      samples: bench.builds.count,
    },
  })
  const ticks = Object.entries(bench.idle.ticks)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ')
  console.log(
    `the newest event a build modelled was received ${bench.builds.newestBehindStartP50} s (p50; at most ${bench.builds.newestBehindStartMax} s) before the build started; the oldest event waiting in the spool was at most ${bench.spoolLagMaxSeconds} s old`,
  )
  console.log(
    `idle, nothing new: ${bench.idle.cpuSeconds} s of CPU in ${bench.idle.seconds} s (${(bench.idle.share * 100).toFixed(2)} % of a core; ticks: ${ticks || 'none'}); a tick with nothing new alone takes ${bench.idle.tickCpuMs} ms of CPU (${bench.idle.tickMs} ms); one build with nothing new takes ${bench.idle.buildCpuSeconds} s of CPU (${bench.idle.buildSeconds} s), ${((bench.idle.buildCpuSeconds / bench.intervalSeconds) * 100).toFixed(1)} % of a core at one every ${bench.intervalSeconds} s; peak RSS ${bench.peakRssMiB} MiB`,
  )
}

if (isMain(import.meta.url)) {
  const events = Number(process.argv[2] ?? DEFAULT_EVENTS)
  const intervalSeconds = Number(process.argv[3] ?? 60)
  if (!Number.isInteger(events) || events < 1 || !(intervalSeconds > 0)) {
    console.error(
      `freshness bench: BENCH_EVENTS must be a whole number and BENCH_FRESHNESS_INTERVAL seconds, got ${process.argv[2]}, ${process.argv[3]}`,
    )
    process.exit(2)
  }
  await child(events, intervalSeconds * 1000)
  process.exit(0)
}
