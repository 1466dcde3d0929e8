// The collector as deployed (embedded warehouse, spool, enrichment), in a temporary directory.
// Its rate limits are raised above the benchmark's load: from one address, the default limit
// per address would be what is measured.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configFromEnv, startCollector } from '@leadhouse/collector'

const dir = mkdtempSync(join(tmpdir(), 'leadhouse-bench-'))
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
    rateLimits: {
      perAddress: { perSecond: 1e9, burst: 1e9 },
      perSite: { perSecond: 1e9, burst: 1e9 },
    },
  },
  log: () => {},
})
console.log(JSON.stringify({ url: collector.url }))
process.on('SIGTERM', async () => {
  await collector.close()
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})
