/**
 * The SQL endpoint (`/clickhouse`) against the engine called directly, in one run: the p50 of a
 * small query, the throughput of a 1 M-row export in JSONEachRow and Native; and `POST /e`'s p99
 * at a constant rate, with and without an analyst's heavy query running.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { pacedLoad } from './paced-load.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const PACED_RATE = 200
const HEAVY = 'SELECT sum(cityHash64(number)) FROM numbers(100000000000)'

interface Started {
  url: string
  readKey: string
  small: string
  export: string
  direct: {
    smallP50: number
    jsonEachRow: { seconds: number; bytes: number }
    native: { seconds: number; bytes: number }
  }
}

function start(): Promise<{ child: ChildProcess; started: Started }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'servers', 'collector-sql.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (chunk) => resolve({ child, started: JSON.parse(String(chunk)) }))
    child.once('exit', (code) => reject(new Error(`collector-sql.ts exited with ${code}`)))
  })
}

export async function benchSqlEndpoint(): Promise<void> {
  const { child, started } = await start()
  const auth = { authorization: `Basic ${btoa(`leadhouse:${started.readKey}`)}` }
  const endpoint = (query: string, format: string) =>
    `${started.url}/clickhouse/?default_format=${format}&query=${encodeURIComponent(query)}`
  try {
    const times: number[] = []
    for (let index = 0; index < 300; index++) {
      const begin = performance.now()
      const response = await fetch(endpoint(started.small, 'JSONEachRow'), { headers: auth })
      await response.arrayBuffer()
      if (index >= 50) times.push(performance.now() - begin)
    }
    times.sort((a, b) => a - b)
    const exported = async (format: string) => {
      const begin = performance.now()
      const response = await fetch(endpoint(started.export, format), { headers: auth })
      let bytes = 0
      for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).byteLength
      return { seconds: (performance.now() - begin) / 1000, bytes }
    }
    await exported('JSONEachRow') // warm-up
    const json = await exported('JSONEachRow')
    const native = await exported('Native')

    const rowsPerSecond = (seconds: number) => Math.round(1_000_000 / seconds)
    const mbPerSecond = (bytes: number, seconds: number) => +(bytes / seconds / 1e6).toFixed(1)
    console.log(
      '\nSQL endpoint (/clickhouse over HTTP) against the engine called directly, same run',
    )
    console.table([
      {
        measure: 'small query, p50 ms',
        direct: +started.direct.smallP50.toFixed(2),
        endpoint: +(times[Math.floor(times.length / 2)] ?? 0).toFixed(2),
      },
      {
        measure: '1 M rows JSONEachRow, rows/s',
        direct: rowsPerSecond(started.direct.jsonEachRow.seconds),
        endpoint: rowsPerSecond(json.seconds),
      },
      {
        measure: '1 M rows JSONEachRow, MB/s',
        direct: mbPerSecond(started.direct.jsonEachRow.bytes, started.direct.jsonEachRow.seconds),
        endpoint: mbPerSecond(json.bytes, json.seconds),
      },
      {
        measure: '1 M rows Native, rows/s',
        direct: rowsPerSecond(started.direct.native.seconds),
        endpoint: rowsPerSecond(native.seconds),
      },
      {
        measure: '1 M rows Native, MB/s',
        direct: mbPerSecond(started.direct.native.bytes, started.direct.native.seconds),
        endpoint: mbPerSecond(native.bytes, native.seconds),
      },
    ])

    const ingest = () =>
      pacedLoad({
        url: `${started.url}/e`,
        body: JSON.stringify({
          s: 'demo',
          e: [
            {
              i: randomUUID(),
              t: 'pageview',
              ts: Date.now(),
              a: 'bench',
              u: 'https://a.test/',
              p: '/',
            },
          ],
        }),
        headers: {
          'content-type': 'text/plain',
          'user-agent':
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
        },
        rate: PACED_RATE,
        seconds: SECONDS,
        connections: 16,
      })
    const quiet = await ingest()
    // Two heavy analyst queries (the endpoint's default concurrency), each stopped by its time limit.
    const controller = new AbortController()
    const analysts = Array.from({ length: 2 }, async () => {
      while (!controller.signal.aborted)
        await fetch(endpoint(HEAVY, 'TSV'), { headers: auth, signal: controller.signal })
          .then((response) => response.arrayBuffer())
          .catch(() => undefined)
    })
    const busy = await ingest()
    controller.abort()
    await Promise.all(analysts)
    console.log(
      `\nPOST /e paced at ${PACED_RATE} req/s for ${SECONDS} s, with and without analysts' heavy queries`,
    )
    console.table([
      {
        scenario: 'no analyst query',
        'p50 ms': quiet.p50,
        'p99 ms': quiet.p99,
        errors: quiet.errors,
      },
      {
        scenario: '2 heavy analyst queries running',
        'p50 ms': busy.p50,
        'p99 ms': busy.p99,
        errors: busy.errors,
      },
    ])
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}
