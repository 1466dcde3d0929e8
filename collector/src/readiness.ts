import type { InsertFailure, Spool } from './spool/spool.js'

export interface ReadinessOptions {
  /** Milliseconds inserts may fail, without one succeeding, before the collector is not ready. */
  insertFailureMs: number
  /** The clock; tests set it. */
  now?: () => number
}

/**
 * Why the collector is not ready, if it is not, for `/readyz`: the spool refuses events (over
 * its budget, or shutting down), or inserts into the warehouse have failed for longer than
 * `insertFailureMs`. While inserts fail, events are still taken and acknowledged from the spool,
 * so a collector stays ready through a short outage; a longer one means they pile up on disk and
 * reach the marts late, which whoever watches `/readyz` should know before the budget runs out.
 */
export function notReadyReason(
  spool: Spool,
  { insertFailureMs, now = Date.now }: ReadinessOptions,
): () => string | undefined {
  return () => spool.refusal() ?? insertsFailing(spool.insertFailure(), insertFailureMs, now())
}

/** The reason inserts failing since `failure.since` give at `now`, past `thresholdMs`. */
export function insertsFailing(
  failure: InsertFailure | undefined,
  thresholdMs: number,
  now: number,
): string | undefined {
  if (!failure || now - failure.since < thresholdMs) return undefined
  const seconds = Math.floor((now - failure.since) / 1000)
  return `inserts into the warehouse have failed for ${seconds} s, since ${new Date(failure.since).toISOString()}: ${failure.error}`
}
