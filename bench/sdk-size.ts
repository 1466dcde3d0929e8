import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** The SDK's size budget: `sdk/dist/lh.js`, gzip -9. */
export const SDK_GZIP_BUDGET = 2048

export interface SdkSize {
  raw: number
  gzip: number
  brotli: number
}

export function measureSdkSize(): SdkSize {
  const script = readFileSync(createRequire(import.meta.url).resolve('@leadhouse/sdk/dist/lh.js'))
  return {
    raw: script.byteLength,
    gzip: gzipSync(script, { level: 9 }).byteLength,
    brotli: brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      .byteLength,
  }
}
