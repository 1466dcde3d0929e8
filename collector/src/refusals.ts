/**
 * The one path of refused input. Whatever refuses it (`POST /e`, the imports, the warehouse
 * turning rows of the spool away) builds its `rejected_events` row here and counts it here, by
 * its code, in `leadhouse_events_rejected_total`; a refused request is answered here too, as
 * `{ error: { code, message, field } }` through `ApiError`.
 */

import { type RejectedEventRow, toDateTime64 } from '@leadhouse/warehouse/raw'
import { ApiError, spooled } from './errors.js'
import type { Problem } from './lib/problems.js'
import type { Metrics } from './metrics.js'
import type { EventStore } from './storage/event-store.js'

/** Where refused input came from, and how much of it a row keeps. */
export interface RefusalSource {
  /** `rejected_events.endpoint`: `/e`, `/api/v1/crm`, `warehouse:events`. */
  endpoint: string
  /** Characters of the payload kept; default all of it. */
  payloadChars?: number
  /** Characters of the reason kept; default all of it. */
  reasonChars?: number
}

/** One refused input. */
export interface RefusedInput {
  /** The input as text, or as much of it as arrived. */
  payload: string
  /** Its size in bytes, which may be more than `payload` holds; default the payload's. */
  payloadBytes?: number | undefined
  /** The site it named, once that is known. */
  siteId?: string | undefined
  /** When it arrived, in milliseconds since the epoch. */
  receivedAt: number
}

/**
 * Characters of a payload that an import's or the warehouse's refusal keeps: enough to see
 * what was wrong, not a second copy of a 10 MB upload.
 */
export const KEPT_PAYLOAD_CHARS = 65_536

/** The code of rows the warehouse refused to take from the spool. */
export const WAREHOUSE_REFUSED = 'warehouse_refused'

/**
 * The `rejected_events` row of a refusal. The cuts may split a surrogate pair, which the
 * spool's `rowJson` mends when it writes the row.
 */
export function rejectedRow(
  source: RefusalSource,
  problem: Problem,
  input: RefusedInput,
): RejectedEventRow {
  const { payload, payloadBytes = Buffer.byteLength(payload), siteId = '', receivedAt } = input
  return {
    received_at: toDateTime64(receivedAt),
    endpoint: source.endpoint,
    site_id: siteId,
    code: problem.code,
    field: problem.field,
    reason: cut(problem.message, source.reasonChars),
    payload: cut(payload, source.payloadChars),
    payload_bytes: payloadBytes,
  }
}

function cut(text: string, chars: number | undefined): string {
  return chars === undefined ? text : text.slice(0, chars)
}

/** Counts refused rows by their code. */
export function countRefused(metrics: Metrics, rows: readonly RejectedEventRow[]): void {
  for (const row of rows) metrics.rejected.inc({ code: row.code })
}

/** The statuses a refused request is answered with. */
export type RefusalStatus = 400 | 403 | 408 | 413

/** The refusals of one source of HTTP input: kept through the spool, counted, answered. */
export interface Refusals {
  /** The row of one refused input from this source. */
  row(problem: Problem, input: RefusedInput): RejectedEventRow
  /**
   * Keeps and counts a refused request, and gives the error to answer it with (`throw await
   * refusals.refuse(...)`). A full spool is answered 503 instead, and nothing is counted.
   */
  refuse(status: RefusalStatus, problem: Problem, input: RefusedInput): Promise<ApiError>
  /**
   * Keeps and counts the refused items of a batch (`rows`, in the batch's order). When none of
   * the batch was `accepted`, throws the first item's error (`400`): the batch was refused.
   */
  refuseItems(rows: RejectedEventRow[], accepted: number): Promise<void>
}

export interface RefusalsOptions {
  store: EventStore
  metrics: Metrics
}

/**
 * The refusals of `source`.
 *
 * @example
 * const refusals = refusalsOf({ endpoint: '/e' }, { store, metrics })
 * throw await refusals.refuse(400, problem, { payload: text, receivedAt })
 */
export function refusalsOf(source: RefusalSource, { store, metrics }: RefusalsOptions): Refusals {
  const keep = async (rows: RejectedEventRow[]) => {
    await spooled(store.insertRejected(rows))
    countRefused(metrics, rows)
  }
  return {
    row: (problem, input) => rejectedRow(source, problem, input),
    refuse: async (status, problem, input) => {
      await keep([rejectedRow(source, problem, input)])
      return new ApiError(status, problem.code, problem.message, problem.field || undefined)
    },
    refuseItems: async (rows, accepted) => {
      await keep(rows)
      const [first] = rows
      if (accepted === 0 && first) throw new ApiError(400, first.code, first.reason, first.field)
    },
  }
}
