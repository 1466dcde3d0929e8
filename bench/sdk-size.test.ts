import { describe, expect, it } from 'vitest'
import { measureSdkSize, SDK_GZIP_BUDGET } from './sdk-size.js'

describe('sdk/dist/lh.js', () => {
  it(`stays within ${SDK_GZIP_BUDGET} bytes gzip`, () => {
    const { gzip } = measureSdkSize()
    expect(gzip).toBeGreaterThan(0)
    expect(gzip).toBeLessThanOrEqual(SDK_GZIP_BUDGET)
  })
})
