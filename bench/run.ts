/**
 * `pnpm bench`: Leadhouse's benchmarks, each printed as a table. Ratios are measured side by
 * side in one run; the machines are shared and noisy, so absolute numbers vary between runs.
 */
import { benchCollectorIngest } from './collector-ingest.js'
import { benchLeadModels } from './lead-models.js'
import { benchModelsRunner } from './models-runner.js'
import { measureSdkSize, SDK_GZIP_BUDGET, TRACKER_ANCHORS } from './sdk-size.js'

const size = await measureSdkSize()
console.log(
  `SDK size: sdk/dist/lh.js as the collector serves it, beside the published trackers (bytes; budget ${SDK_GZIP_BUDGET} gzip)`,
)
console.table({
  'Leadhouse lh.js': { raw: size.raw, gzip: size.gzip, brotli: size.brotli },
  'Leadhouse lh.js, zlib -9': { raw: size.raw, gzip: size.zlibGzip, brotli: '' },
  ...Object.fromEntries(
    TRACKER_ANCHORS.map(({ name, gzip }) => [name, { raw: '', gzip, brotli: '' }]),
  ),
})
console.log(
  `lh.js is ${size.gzip - SDK_GZIP_BUDGET > 0 ? `${size.gzip - SDK_GZIP_BUDGET} bytes over` : `${SDK_GZIP_BUDGET - size.gzip} bytes under`} the ${SDK_GZIP_BUDGET}-byte budget`,
)

await benchCollectorIngest()

await benchModelsRunner()

await benchLeadModels()
