/**
 * Token buckets by key: each key may spend `burst` requests at once and earns `perSecond`
 * back. Memory is bounded: past `maxKeys` the longest-idle keys are forgotten (a forgotten
 * key starts full again, which errs on the side of letting a client through).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** The seconds `key` must wait for a token, 0 when it has one; takes nothing. */
  peek(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key)
    if (!bucket) return 0
    const tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond)
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perSecond)
  }

  /** Takes one token for `key`: 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now }
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    )
    bucket.at = now
    // Re-inserting keeps the Map in order of last use: the first keys are the longest idle.
    this.buckets.delete(key)
    this.buckets.set(key, bucket)
    if (this.buckets.size > this.maxKeys)
      this.buckets.delete(this.buckets.keys().next().value as string)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return 0
    }
    return Math.ceil((1 - bucket.tokens) / this.perSecond)
  }
}
