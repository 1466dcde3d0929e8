import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limit.js'

describe('RateLimiter', () => {
  it('allows a burst, then one request per earned token, and says how long to wait', () => {
    const limiter = new RateLimiter(2, 3)
    const t = 1_000_000
    expect([1, 2, 3].map(() => limiter.take('a', t))).toEqual([0, 0, 0])
    expect(limiter.take('a', t)).toBe(1)
    expect(limiter.take('a', t + 500)).toBe(0)
    expect(limiter.take('a', t + 500)).toBe(1)
    expect(limiter.take('b', t)).toBe(0)
  })

  it('forgets the longest-idle keys past its size', () => {
    const limiter = new RateLimiter(1, 1, 2)
    limiter.take('a', 0)
    limiter.take('b', 0)
    limiter.take('c', 0)
    expect(limiter.take('a', 0)).toBe(0) // forgotten, so full again
    expect(limiter.take('c', 0)).toBe(1)
  })

  it('peeks at the wait without spending a token', () => {
    const limiter = new RateLimiter(0.5, 2)
    expect(limiter.peek('a', 0)).toBe(0)
    limiter.take('a', 0)
    limiter.take('a', 0)
    expect(limiter.peek('a', 0)).toBe(2)
    expect(limiter.peek('a', 0)).toBe(2)
    expect(limiter.peek('a', 2000)).toBe(0)
    expect(limiter.take('a', 2000)).toBe(0)
  })
})
