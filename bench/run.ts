/**
 * `pnpm bench`: Leadhouse's benchmarks, each printed as a table. Ratios are measured side by
 * side in one run; the machines are shared and noisy, so absolute numbers vary between runs.
 */
import { measureSdkSize, SDK_GZIP_BUDGET } from './sdk-size.js'

const size = measureSdkSize()
console.log('SDK size (sdk/dist/lh.js, bytes)')
console.table({
  'lh.js': { raw: size.raw, gzip: size.gzip, brotli: size.brotli, 'gzip budget': SDK_GZIP_BUDGET },
})
