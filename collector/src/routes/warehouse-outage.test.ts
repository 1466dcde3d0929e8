/**
 * The warehouse failing inserts for a while, through the whole HTTP path: `POST /e` keeps
 * answering 202 from the spool, and once inserts succeed again every acknowledged event is in
 * `events` once, client retries of the same batches included. `/readyz` says so once inserts
 * have failed for longer than its threshold, and is ready again after the next good flush.
 */
import { randomUUID } from 'node:crypto'
import { rows } from '@leadhouse/warehouse/testing'
import { afterAll, expect, it } from 'vitest'
import { faultSwitch, openTestApp, withFaults } from '../test-app.js'

const faults = faultSwitch(true)
/** Short, so that the test sees the collector go unready: the default is 30 s. */
const READY_INSERT_FAILURE_MS = 300
const opened = openTestApp(
  { readyInsertFailureMs: READY_INSERT_FAILURE_MS },
  { wrapInsert: (insert) => withFaults(insert, faults) },
)
afterAll(async () => (await opened).close())

async function post(ids: string[]): Promise<number> {
  const { app } = await opened
  const response = await app.request('/e', {
    method: 'POST',
    body: JSON.stringify({
      s: 'acme',
      e: ids.map((id) => ({
        i: id,
        t: 'pageview',
        ts: Date.now(),
        a: 'v-outage',
        u: 'https://acme.test/',
        p: '/',
      })),
    }),
  })
  return response.status
}

it('answers 202 from the spool while inserts fail, and stores everything once after', async () => {
  const { spool, warehouse } = await opened
  const batches = Array.from({ length: 20 }, () => [randomUUID(), randomUUID()])
  const statuses = []
  for (const batch of batches) statuses.push(await post(batch))
  // The SDK retries a batch whose answer it did not read: the same ids again.
  for (const batch of batches.slice(0, 5)) statuses.push(await post(batch))
  expect(new Set(statuses)).toEqual(new Set([202]))

  // The flusher has tried and been refused; nothing is lost meanwhile.
  expect(await spool.drain()).toBe(false)
  expect(faults.refused).toBeGreaterThan(0)
  expect(spool.state().segments).toBeGreaterThan(0)

  faults.failing = false
  expect(await spool.drain()).toBe(true)
  const countsOf = async (final: string) =>
    new Map(
      (
        await rows<{ id: string; n: string }>(
          warehouse,
          `SELECT toString(event_id) AS id, count() AS n FROM leadhouse.events ${final} WHERE anonymous_id = 'v-outage' GROUP BY id`,
        )
      ).map(({ id, n }) => [id, Number(n)]),
    )
  const ids = batches.flat()
  // Every acknowledged event, once per event id (the table keeps the last delivery of each).
  const kept = await countsOf('FINAL')
  expect(ids.filter((id) => kept.get(id) !== 1)).toEqual([])
  expect(kept.size).toBe(ids.length)
  // The segments the flusher tried again were inserted once: events sent once are one row.
  const raw = await countsOf('')
  const retried = new Set(batches.slice(0, 5).flat())
  expect(ids.filter((id) => !retried.has(id) && raw.get(id) !== 1)).toEqual([])
})

async function readiness(): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const { app } = await opened
  const response = await app.request('/readyz')
  return { status: response.status, body: (await response.json()) as { status: string } }
}

it('/readyz answers 503 naming the insert error once inserts have failed past the threshold', async () => {
  const { spool } = await opened
  faults.failing = true
  expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } })
  const started = Date.now()
  expect(await post([randomUUID()])).toBe(202)
  // The flusher finds the batch within its second, fails, and backs off; readiness waits out
  // the threshold from that first failure.
  let answer = await readiness()
  while (answer.status === 200 && Date.now() - started < 20_000) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    answer = await readiness()
  }
  const since = spool.insertFailure()?.since ?? 0
  expect(Date.now() - since).toBeGreaterThanOrEqual(READY_INSERT_FAILURE_MS)
  expect(answer).toEqual({
    status: 503,
    body: {
      status: 'unavailable',
      reason: expect.stringMatching(
        /^inserts into the warehouse have failed for \d+ s, since \d{4}-\d\d-\d\dT[\d:.]+Z: injected: the warehouse refuses inserts$/,
      ),
    },
  })
  expect(answer.body.reason).toContain(new Date(since).toISOString())
  // Events are still taken meanwhile: the spool has room.
  expect(await post([randomUUID()])).toBe(202)

  faults.failing = false
  expect(await spool.drain()).toBe(true)
  expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } })
})
