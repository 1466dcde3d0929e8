/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a wait drawn uniformly from 0 to min(cap, base · 2^attempt). Full jitter spreads the
 * retries of many alerts that failed together (a receiver that was down) instead of sending
 * them again in one wave.
 */
export interface BackoffOptions {
  /** Milliseconds of the first ceiling. */
  baseMs: number
  /** The ceiling's ceiling, in milliseconds. */
  capMs: number
}

/** Milliseconds to wait before attempt `attempt + 1`, `attempt` counting from 0. */
export function fullJitter(
  attempt: number,
  { baseMs, capMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}
