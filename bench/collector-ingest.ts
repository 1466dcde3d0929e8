import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { pacedLoad } from './paced-load.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 64
const PACED_RATE = 5000
const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

interface Server {
  url: string
  child: ChildProcess
}

/** Starts a benchmark server in its own process: the load generator gets an event loop of its own. */
function start(script: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'servers', script)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (chunk) => resolve({ url: JSON.parse(String(chunk)).url, child }))
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)))
  })
}

async function stop({ child }: Server): Promise<void> {
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Peak and current resident memory of a process, in MiB. */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { peak: Math.round(kib('VmHWM') / 1024), now: Math.round(kib('VmRSS') / 1024) }
}

function batch(events: number): string {
  const now = Date.now()
  return JSON.stringify({
    s: 'demo',
    e: Array.from({ length: events }, () => ({
      i: randomUUID(),
      t: 'pageview',
      ts: now,
      a: 'bench-visitor',
      sid: 'bench-session',
      u: 'https://www.acme.test/pricing?utm_source=google&utm_medium=cpc',
      p: '/pricing',
      ti: 'Pricing',
      l: 'de-DE',
      z: 'Europe/Berlin',
      sc: '1920x1080',
    })),
  })
}

interface LoadResult {
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  /** The server's CPU time per answered request, all its threads (the warehouse's included). */
  cpuMicroseconds: number
}

const HEADERS = { 'content-type': 'text/plain', 'user-agent': BROWSER }

/** Measures `run` against `server`, adding the server's CPU time per answered request. */
async function measured(
  server: Server,
  run: () => Promise<Omit<LoadResult, 'cpuMicroseconds'> & { answered: number }>,
): Promise<LoadResult> {
  const pid = server.child.pid as number
  const before = cpuSeconds(pid)
  const { answered, ...result } = await run()
  return { ...result, cpuMicroseconds: Math.round(((cpuSeconds(pid) - before) / answered) * 1e6) }
}

/** As many requests as 64 connections get answered, or each connection's share of `overallRate`. */
function load(server: Server, body: string, overallRate?: number): Promise<LoadResult> {
  return measured(server, async () => {
    const result = await autocannon({
      url: `${server.url}/e`,
      method: 'POST',
      body,
      headers: HEADERS,
      connections: CONNECTIONS,
      duration: SECONDS,
      ...(overallRate ? { overallRate } : {}),
    })
    return {
      answered: result['2xx'] + result.non2xx,
      requestsPerSecond: Math.round(result['2xx'] / SECONDS),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
    }
  })
}

/** A constant 5,000 requests/s, latency counted from when each request was due. */
function paced(server: Server, body: string): Promise<LoadResult> {
  return measured(server, () =>
    pacedLoad({
      url: `${server.url}/e`,
      body,
      headers: HEADERS,
      rate: PACED_RATE,
      seconds: SECONDS,
      connections: CONNECTIONS,
    }),
  )
}

/** POST /e against a bare hono handler, side by side in one run; prints a table. */
export async function benchCollectorIngest(): Promise<void> {
  const single = batch(1)
  const twenty = batch(20)

  const bare = await start('bare-hono.ts')
  const bareSingle = await load(bare, single)
  const barePaced = await paced(bare, single)
  await stop(bare)

  const collector = await start('collector.ts')
  const collectorSingle = await load(collector, single)
  const collectorBatch = await load(collector, twenty)
  const collectorPaced = await paced(collector, single)
  const collectorBursts = await load(collector, single, PACED_RATE)
  const rss = memory(collector.child.pid as number)
  await stop(collector)

  const row = (label: string, result: LoadResult, eventsPerRequest: number) => ({
    scenario: label,
    'requests/s': result.requestsPerSecond,
    'events/s': result.requestsPerSecond * eventsPerRequest,
    'p50 ms': result.p50,
    'p99 ms': result.p99,
    'server CPU µs/request': result.cpuMicroseconds,
    'non-2xx or errors': result.errors,
  })
  console.log(
    `\nPOST /e, ${CONNECTIONS} connections, ${SECONDS} s each, from 127.0.0.1 (2xx only counted)`,
  )
  console.table([
    row('bare hono, 202', bareSingle, 1),
    row('bare hono, paced at 5,000 req/s', barePaced, 1),
    row('collector, 1 event', collectorSingle, 1),
    row('collector, batches of 20', collectorBatch, 20),
    row('collector, paced at 5,000 req/s', collectorPaced, 1),
    row("collector, autocannon's overallRate 5,000 (bursts)", collectorBursts, 1),
  ])
  const ratio = collectorSingle.requestsPerSecond / bareSingle.requestsPerSecond
  console.log(`collector / bare hono (1 event): ${(ratio * 100).toFixed(1)} % (target 80 %)`)
  console.log(`events/s in batches of 20: ${collectorBatch.requestsPerSecond * 20} (target 50,000)`)
  console.log(
    `p99 at a constant 5,000 req/s: ${collectorPaced.p99} ms (target 25 ms); bare hono ${barePaced.p99} ms`,
  )
  console.log(`collector RSS: ${rss.now} MiB at the end, ${rss.peak} MiB peak`)
}
