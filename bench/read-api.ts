/**
 * The dashboard's read API at volume: `BENCH_EVENTS` generated events (default 1,000,000) into a
 * fresh embedded warehouse, a full model build, then each read endpoint asked `ROUNDS` times in a
 * row through the collector's app (the read role's check included, no network), as the dashboard
 * asks: the data's last 30 days, or its whole window for the views people widen. p50/p95 per
 * endpoint against the target (p95 ≤ 200 ms at 10 M events), and the fastest request, which on a
 * shared machine tells what an endpoint costs when nothing else runs. Runs in a child process: the engine
 * binds one data directory per process. `BENCH_READ_DATA_DIR` keeps (or reuses) the warehouse.
 */
import { existsSync } from 'node:fs'
import { benchEvents, childEvents, isMain, runInChild } from './support.js'

const ROUNDS = Number(process.env.BENCH_READ_ROUNDS ?? 30)
const WARMUP = 3
const TARGET_P95_MS = 200
/** The child is killed after this long: a bench must end (10 M events take 40 min on a busy day). */
const TIMEOUT_MS = 90 * 60_000

export interface ReadApiBench {
  events: number
  leads: number
  generateSeconds: number
  buildSeconds: number
  rounds: number
  endpoints: {
    name: string
    path: string
    min: number
    p50: number
    p95: number
    max: number
    bytes: number
  }[]
}

/** The requests, as the dashboard's pages make them; `last30` and `all` are the periods. */
function requests(last30: string, all: string, email: string): [string, string][] {
  return [
    ['meta', '/api/v1/meta'],
    ['overview (30 days)', `/api/v1/overview?${last30}`],
    ['overview, one channel', `/api/v1/overview?${last30}&channel=paid_search&model=markov`],
    ['timeseries (window, weeks)', `/api/v1/timeseries?${all}&interval=week`],
    ['timeseries (30 days)', `/api/v1/timeseries?${last30}`],
    ['funnel (window)', `/api/v1/funnel?${all}`],
    ['channels (window)', `/api/v1/channels?${all}`],
    ['attribution/compare (window)', `/api/v1/attribution/compare?${all}&conversion=mql`],
    ['paths (window)', `/api/v1/paths?${all}&conversion=lead`],
    ['leads (first page)', '/api/v1/leads'],
    ['leads, search + filter', '/api/v1/leads?q=gmbh&temperature=warm&sort=lastActivityAt'],
    ['leads, sorted by owner', '/api/v1/leads?sort=owner&order=asc'],
    ['leads, page 20', '/api/v1/leads?page=20&pageSize=50'],
    ['leads as CSV (200 rows)', '/api/v1/leads?pageSize=200&format=csv'],
    ['leads/detail', `/api/v1/leads/detail?email=${encodeURIComponent(email)}`],
    ['cohorts (window)', `/api/v1/cohorts?${all}`],
  ]
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10
}

/** In the child: generate (unless the directory holds a build), build, ask. */
async function measure(events: number): Promise<ReadApiBench> {
  const { openTemporaryWarehouse, rows } = await import('@leadhouse/warehouse/testing')
  const { openWarehouse } = await import('@leadhouse/warehouse')
  const { buildModels } = await import('@leadhouse/models')
  const { generate } = await import('@leadhouse/generate')
  const { readRoutes } = await import('@leadhouse/collector')
  const dir = process.env.BENCH_READ_DATA_DIR
  const reuse = dir !== undefined && existsSync(dir)
  const warehouse = dir ? await openWarehouse({ dataDir: dir }) : await openTemporaryWarehouse()
  try {
    let generateSeconds = 0
    let buildSeconds = 0
    const [built] = await rows<{ n: number }>(
      warehouse,
      `SELECT count() AS n FROM system.tables WHERE database = {db: String} AND name = 'channel_kpis'`,
      { db: warehouse.database },
    )
    if (!reuse || Number(built?.n) === 0) {
      const summary = await generate(warehouse, { events, seed: 1 })
      generateSeconds = summary.seconds
      const started = performance.now()
      await buildModels({ warehouse })
      buildSeconds = (performance.now() - started) / 1000
    }
    // The build's tables keep merging their parts for a while after it returns: not the
    // endpoints' work, and it would take the cores from them.
    for (let waited = 0; waited < 300; waited++) {
      const [busy] = await rows<{ n: number }>(
        warehouse,
        'SELECT (SELECT count() FROM system.merges) + (SELECT count() FROM system.mutations WHERE NOT is_done) AS n',
      )
      if (Number(busy?.n) === 0) break
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    const [facts] = await rows<{ last: string; first: string; email: string; leads: string }>(
      warehouse,
      `SELECT toString(max(day)) AS last, toString(min(day)) AS first,
         (SELECT email FROM leadhouse.leads ORDER BY score DESC LIMIT 1) AS email,
         (SELECT count() FROM leadhouse.leads) AS leads
       FROM leadhouse.kpi_daily`,
    )
    const last = facts?.last ?? '2026-10-31'
    const from30 = new Date(Date.parse(`${last}T00:00:00Z`) - 29 * 86_400_000)
      .toISOString()
      .slice(0, 10)
    // The app's read routes with a pass-through role check: this measures the endpoints.
    const app = readRoutes(warehouse, (_, next) => next())
    const endpoints: ReadApiBench['endpoints'] = []
    for (const [name, path] of requests(
      `from=${from30}&to=${last}`,
      `from=${facts?.first}&to=${last}`,
      facts?.email ?? '',
    )) {
      const times: number[] = []
      let bytes = 0
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        const started = performance.now()
        const response = await app.request(path)
        const body = await response.arrayBuffer()
        const ms = performance.now() - started
        if (response.status !== 200)
          throw new Error(`${path}: ${response.status} ${new TextDecoder().decode(body)}`)
        if (round >= WARMUP) times.push(ms)
        bytes = body.byteLength
      }
      times.sort((a, b) => a - b)
      endpoints.push({
        name,
        path,
        // The fastest request: what an endpoint costs when nothing else wants the cores.
        min: percentile(times, 0),
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        max: percentile(times, 100),
        bytes,
      })
    }
    return {
      events,
      leads: Number(facts?.leads ?? 0),
      generateSeconds: Math.round(generateSeconds),
      buildSeconds: Math.round(buildSeconds),
      rounds: ROUNDS,
      endpoints,
    }
  } finally {
    await warehouse.close()
  }
}

/** Runs the read-API bench (`BENCH_EVENTS`, default 1,000,000) and prints its table. */
export async function benchReadApi(): Promise<ReadApiBench> {
  const bench = await runInChild<ReadApiBench>(import.meta.url, [benchEvents()], {
    bench: 'read-API bench',
    timeoutMs: TIMEOUT_MS,
  })
  console.log(
    `\nThe read API on ${bench.events.toLocaleString('en-US')} generated events (${bench.leads.toLocaleString('en-US')} leads; generated in ${bench.generateSeconds} s, built in ${bench.buildSeconds} s), embedded engine, ${bench.rounds} requests each after ${WARMUP} to warm up; ms`,
  )
  console.table(
    Object.fromEntries(
      bench.endpoints.map(({ name, min, p50, p95, max, bytes }) => [
        name,
        { min, p50, p95, max, bytes, 'p95 ≤ 200 ms': p95 <= TARGET_P95_MS ? 'yes' : 'NO' },
      ]),
    ),
  )
  return bench
}

if (isMain(import.meta.url))
  process.stdout.write(`${JSON.stringify(await measure(childEvents('read-API bench')))}\n`)
