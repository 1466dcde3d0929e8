import { describe, expect, it } from 'vitest'
import {
  measureSdkSize,
  SDK_EXTENSION_FILES,
  SDK_GZIP_BUDGET,
  SDK_GZIP_CEILING,
} from './sdk-size.js'

describe('sdk/dist/lh.js', () => {
  it(`does not grow past ${SDK_GZIP_CEILING} bytes gzip as served on its way to the ${SDK_GZIP_BUDGET}-byte budget`, async () => {
    const { gzip } = await measureSdkSize()
    expect(gzip).toBeGreaterThan(0)
    expect(gzip).toBeLessThanOrEqual(SDK_GZIP_CEILING)
  })

  it.each(SDK_EXTENSION_FILES)(
    '%s is served and measured beside it, precompressed',
    async (file) => {
      const size = await measureSdkSize(file)
      expect(size.raw).toBeGreaterThan(0)
      expect(size.gzip).toBeGreaterThan(0)
      expect(size.gzip).toBeLessThan(size.raw)
      expect(size.brotli).toBeLessThan(size.raw)
    },
  )
})
