import { describe, expect, it } from 'vitest'
import { fullJitter } from './backoff.js'

describe('fullJitter', () => {
  const options = { baseMs: 1000, capMs: 60_000 }

  it('draws from 0 up to base · 2^attempt', () => {
    expect(fullJitter(0, options, () => 0.999)).toBe(999)
    expect(fullJitter(3, options, () => 0.5)).toBe(4000)
    expect(fullJitter(3, options, () => 0)).toBe(0)
  })

  it('never waits past the cap, however many attempts', () => {
    expect(fullJitter(10, options, () => 0.999)).toBeLessThan(60_000)
    expect(fullJitter(1000, options, () => 0.999)).toBeLessThan(60_000)
  })
})
