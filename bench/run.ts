/**
 * `pnpm bench`: Leadhouse's benchmarks, each printed as a table. Ratios are measured side by
 * side in one run; the machines are shared and noisy, so absolute numbers vary between runs.
 * `BENCH_SECTIONS=models,freshness` runs only those of: sdk, ingest, runner, models, freshness,
 * read, sql, dashboard.
 */
import { benchCollectorIngest } from './collector-ingest.js'
import { benchDashboardLoad } from './dashboard-load.js'
import { benchFreshness } from './freshness.js'
import { benchLeadModels } from './lead-models.js'
import { benchModelsRunner } from './models-runner.js'
import { benchReadApi } from './read-api.js'
import {
  measureSdkSize,
  SDK_EXTENSION_FILES,
  SDK_GZIP_BUDGET,
  TRACKER_ANCHORS,
} from './sdk-size.js'
import { benchSqlEndpoint } from './sql-endpoint.js'

const SECTIONS = [
  'sdk',
  'ingest',
  'runner',
  'models',
  'freshness',
  'read',
  'sql',
  'dashboard',
] as const
const chosen = (process.env.BENCH_SECTIONS ?? SECTIONS.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean)
const unknown = chosen.filter((name) => !(SECTIONS as readonly string[]).includes(name))
if (unknown.length > 0) {
  console.error(`BENCH_SECTIONS: unknown ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`)
  process.exit(2)
}
const runs = (section: (typeof SECTIONS)[number]) => chosen.includes(section)

if (runs('sdk')) {
  const size = await measureSdkSize()
  const extensions = await Promise.all(
    SDK_EXTENSION_FILES.map(async (file) => [file, await measureSdkSize(file)] as const),
  )
  console.log(
    `SDK size: sdk/dist/lh.js as the collector serves it, beside the published trackers (bytes; budget ${SDK_GZIP_BUDGET} gzip), and the opt-in scripts`,
  )
  console.table({
    'Leadhouse lh.js': { raw: size.raw, gzip: size.gzip, brotli: size.brotli },
    'Leadhouse lh.js, zlib -9': { raw: size.raw, gzip: size.zlibGzip, brotli: '' },
    ...Object.fromEntries(
      extensions.map(([file, { raw, gzip, brotli }]) => [
        `Leadhouse ${file} (opt-in)`,
        { raw, gzip, brotli },
      ]),
    ),
    ...Object.fromEntries(
      TRACKER_ANCHORS.map(({ name, gzip }) => [name, { raw: '', gzip, brotli: '' }]),
    ),
  })
  console.log(
    `lh.js is ${size.gzip - SDK_GZIP_BUDGET > 0 ? `${size.gzip - SDK_GZIP_BUDGET} bytes over` : `${SDK_GZIP_BUDGET - size.gzip} bytes under`} the ${SDK_GZIP_BUDGET}-byte budget`,
  )
}

if (runs('ingest')) await benchCollectorIngest()

if (runs('runner')) await benchModelsRunner()

if (runs('models')) await benchLeadModels()

if (runs('freshness')) await benchFreshness()

if (runs('read')) await benchReadApi()

if (runs('sql')) await benchSqlEndpoint()

if (runs('dashboard')) await benchDashboardLoad()
