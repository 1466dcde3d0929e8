import type { RejectedEventRow } from '@leadhouse/warehouse/raw'
import { describe, expect, it } from 'vitest'
import { ApiError } from './errors.js'
import { createMetrics } from './metrics.js'
import { KEPT_PAYLOAD_CHARS, refusalsOf, rejectedRow } from './refusals.js'
import { SpoolFullError } from './spool/spool.js'
import type { EventStore } from './storage/event-store.js'

const AT = Date.UTC(2026, 11, 7, 12, 0, 0, 123)

/** A store that keeps the refused rows in memory, or refuses them as a full spool does. */
function memoryStore({ full = false } = {}): EventStore & { rejected: RejectedEventRow[] } {
  const rejected: RejectedEventRow[] = []
  return {
    rejected,
    insertEvents: async () => {},
    insertRows: async () => {},
    insertRejected: async (rows) => {
      if (full) throw new SpoolFullError('the spool is full')
      rejected.push(...rows)
    },
  }
}

async function counted(metrics: ReturnType<typeof createMetrics>): Promise<Record<string, number>> {
  const { values } = await metrics.rejected.get()
  return Object.fromEntries(values.map(({ labels, value }) => [String(labels.code), value]))
}

describe('rejectedRow', () => {
  it('keeps the problem, the payload with its size in bytes, and the site', () => {
    const problem = { code: 'unknown_site', message: 's: site "x" is not configured', field: 's' }
    expect(
      rejectedRow({ endpoint: '/e' }, problem, {
        payload: '{"s":"x"}ü',
        siteId: 'x',
        receivedAt: AT,
      }),
    ).toEqual({
      received_at: '2026-12-07 12:00:00.123',
      endpoint: '/e',
      site_id: 'x',
      code: 'unknown_site',
      field: 's',
      reason: 's: site "x" is not configured',
      payload: '{"s":"x"}ü',
      payload_bytes: 11,
    })
  })

  it("cuts the payload and the reason to the source's budgets, keeping the whole size", () => {
    const source = {
      endpoint: 'warehouse:events',
      payloadChars: KEPT_PAYLOAD_CHARS,
      reasonChars: 5,
    }
    const payload = 'x'.repeat(KEPT_PAYLOAD_CHARS + 10)
    const row = rejectedRow(
      source,
      { code: 'warehouse_refused', message: 'Code: 27. DB::Exception', field: '' },
      { payload, payloadBytes: 70_000, receivedAt: AT },
    )
    expect(row).toMatchObject({ site_id: '', reason: 'Code:', payload_bytes: 70_000 })
    expect(row.payload).toHaveLength(KEPT_PAYLOAD_CHARS)
  })
})

describe('refusalsOf', () => {
  const problem = { code: 'invalid_json', message: 'body is not JSON', field: '' }

  it('keeps and counts a refused request, and gives its answer', async () => {
    const store = memoryStore()
    const metrics = createMetrics(() => undefined)
    const refusals = refusalsOf({ endpoint: '/e' }, { store, metrics })
    const answer = await refusals.refuse(400, problem, { payload: '{', receivedAt: AT })
    expect(answer).toBeInstanceOf(ApiError)
    expect(answer).toMatchObject({ status: 400, code: 'invalid_json', field: undefined })
    expect(answer.message).toBe('body is not JSON')
    expect(store.rejected).toEqual([
      rejectedRow({ endpoint: '/e' }, problem, { payload: '{', receivedAt: AT }),
    ])
    expect(await counted(metrics)).toEqual({ invalid_json: 1 })
  })

  it("keeps and counts a batch's refused items, and refuses the batch when none was accepted", async () => {
    const store = memoryStore()
    const metrics = createMetrics(() => undefined)
    const refusals = refusalsOf({ endpoint: '/api/v1/crm' }, { store, metrics })
    const rows = [
      refusals.row(
        { code: 'invalid_record', message: 'records[0].email: bad', field: 'records[0].email' },
        { payload: '{}', receivedAt: AT },
      ),
      refusals.row(
        { code: 'invalid_record', message: 'records[1].stage: bad', field: 'records[1].stage' },
        { payload: '{}', receivedAt: AT },
      ),
    ]
    await refusals.refuseItems(rows, 3)
    const refused = await refusals.refuseItems(rows, 0).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({
      status: 400,
      code: 'invalid_record',
      field: 'records[0].email',
    })
    expect(store.rejected).toHaveLength(4)
    expect(await counted(metrics)).toEqual({ invalid_record: 4 })
  })

  it('answers 503 for a full spool, and counts nothing it could not keep', async () => {
    const metrics = createMetrics(() => undefined)
    const refusals = refusalsOf({ endpoint: '/e' }, { store: memoryStore({ full: true }), metrics })
    const refused = await refusals
      .refuse(400, problem, { payload: '{', receivedAt: AT })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ status: 503, code: 'unavailable' })
    expect(await counted(metrics)).toEqual({})
  })
})
