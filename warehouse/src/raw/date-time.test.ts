import { describe, expect, it } from 'vitest'
import { toDateTime64 } from './date-time.js'

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

describe('toDateTime64', () => {
  it.each([
    [Date.UTC(2026, 10, 23, 13, 5, 7, 9), '2026-11-23 13:05:07.009'],
    [Date.UTC(2026, 10, 23, 13, 5, 7, 999), '2026-11-23 13:05:07.999'],
    [Date.UTC(2026, 10, 23, 13, 5, 8, 0), '2026-11-23 13:05:08.000'],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 500), '2024-02-29 23:59:59.500'],
    [0, '1970-01-01 00:00:00.000'],
    [-1, '1970-01-01 00:00:00.000'],
    [9e15, '2099-12-31 23:59:59.999'],
  ])('formats %d as %j', (ms, text) => {
    expect(toDateTime64(ms)).toBe(text)
  })

  it('agrees with the ISO form across second boundaries', () => {
    for (let ms = 1_790_000_000_000; ms < 1_790_000_000_000 + 5000; ms += 7)
      expect(toDateTime64(ms)).toBe(iso(ms))
  })

  it('agrees with the ISO form for times with fractions of a millisecond, over years', () => {
    // A fixed sequence (the generator's times are sums of fractional draws).
    let state = 3
    for (let i = 0; i < 1000; i++) {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31
      const ms = 1.7e12 + (state / 2 ** 31) * 1e11
      expect(toDateTime64(ms)).toBe(iso(ms))
    }
  })

  it('keeps agreeing after more days than it remembers', () => {
    for (let day = 0; day < 5000; day++) {
      const ms = Date.UTC(2000, 0, 1) + day * 86_400_000 + day * 997
      expect(toDateTime64(ms)).toBe(iso(ms))
    }
  })
})
