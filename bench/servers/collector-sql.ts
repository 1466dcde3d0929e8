// The collector with its SQL endpoint, in a temporary directory, and the same queries run on the
// engine directly in this process (the data directory binds to one process): the endpoint's
// overhead is measured against them. Prints `{ url, readKey, direct }` once it serves.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configFromEnv, startCollector } from '@leadhouse/collector'

const READ_KEY = 'lh_read_bench_sql_endpoint_0123456789'
const dir = mkdtempSync(join(tmpdir(), 'leadhouse-bench-sql-'))
const config = configFromEnv({
  PORT: '0',
  LEADHOUSE_MODELS_INTERVAL: '0',
  LEADHOUSE_SPOOL_DIR: join(dir, 'spool'),
})
const collector = await startCollector({
  config: {
    ...config,
    warehouse: { dataDir: join(dir, 'data') },
    stateDir: join(dir, 'state'),
    readKeys: [READ_KEY],
    adminKeys: ['lh_admin_bench_sql_endpoint_0123456789'],
    rateLimits: {
      perAddress: { perSecond: 1e9, burst: 1e9 },
      perSite: { perSecond: 1e9, burst: 1e9 },
    },
  },
  log: () => {},
})
await collector.warehouse.client.command({ query: 'CREATE DATABASE IF NOT EXISTS leadhouse_bi' })

// The endpoint's own priority: the comparison is of the endpoint's work, not of the OS's scheduling.
const session = collector.warehouse.openSession?.({ readonly: 1, os_thread_priority: 19 })
if (!session) throw new Error('the SQL endpoint bench needs the embedded engine')
await session.query('USE leadhouse_bi', { format: 'TSV' })

const SMALL = 'SELECT number, toString(number) AS s FROM numbers(10)'
const EXPORT = 'SELECT number, toString(number) AS s, number * 2 AS d FROM numbers(1000000)'

const times: number[] = []
for (let index = 0; index < 300; index++) {
  const start = performance.now()
  await session.query(SMALL, { format: 'JSONEachRow' })
  if (index >= 50) times.push(performance.now() - start)
}
times.sort((a, b) => a - b)
const exportSeconds = async (format: string) => {
  const start = performance.now()
  let bytes = 0
  for await (const chunk of session.stream(EXPORT, { format })) bytes += chunk.byteLength
  return { seconds: (performance.now() - start) / 1000, bytes }
}
await exportSeconds('JSONEachRow') // warm-up
const direct = {
  smallP50: times[Math.floor(times.length / 2)],
  jsonEachRow: await exportSeconds('JSONEachRow'),
  native: await exportSeconds('Native'),
}
session.close()

console.log(
  JSON.stringify({ url: collector.url, readKey: READ_KEY, direct, small: SMALL, export: EXPORT }),
)
process.on('SIGTERM', async () => {
  await collector.close()
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})
