import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { refusedLineKeeper, warehouseInserter } from '../storage/event-store.js'
import { faultSwitch, withFaults } from '../test-app.js'
import { segmentName } from './segments.js'
import { type InsertRows, Spool, SpoolFullError } from './spool.js'

const opened = openTemporaryWarehouse().then(async (warehouse) => {
  await migrate(warehouse)
  return warehouse
})
afterAll(async () => (await opened).close())

/** The real warehouse insert, with a switch that makes it fail. */
async function faultyInserter() {
  const faults = faultSwitch()
  return { insert: withFaults(warehouseInserter(await opened), faults), faults }
}

const row = (id: number) => ({
  event_id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  site_id: 'acme',
  type: 'pageview',
  ts: '2026-11-23 10:00:00.000',
  client_ts: '2026-11-23 10:00:00.000',
  received_at: '2026-11-23 10:00:00.000',
  anonymous_id: `visitor-${id}`,
  path: `/page/${id}`,
})

async function countsById(): Promise<Map<string, number>> {
  const found = await rows<{ id: string; n: string }>(
    await opened,
    "SELECT toString(event_id) AS id, count() AS n FROM leadhouse.events WHERE site_id = 'acme' GROUP BY id",
  )
  return new Map(found.map(({ id, n }) => [id, Number(n)]))
}

describe('Spool', () => {
  beforeEach(async () => {
    await (await opened).client.command({ query: 'TRUNCATE TABLE leadhouse.events' })
  })

  it('acknowledges appends only once they are on disk, many writers sharing one file', async () => {
    const dir = temporaryDataDir()
    const { insert, faults } = await faultyInserter()
    faults.failing = true // keep everything on disk for the look
    const spool = await Spool.open({ dir, insert, flushIntervalMs: 60_000 })
    await Promise.all(Array.from({ length: 50 }, (_, n) => spool.append([['events', row(n)]])))
    const files = readdirSync(dir)
    expect(files).toEqual([expect.stringMatching(/^segment-000000000001-[0-9a-f]{16}\.ndjson$/)])
    const lines = readFileSync(join(dir, files[0] as string), 'utf8')
      .trim()
      .split('\n')
    expect(lines).toHaveLength(50)
    expect(spool.state()).toMatchObject({ segments: 1, bytes: expect.any(Number) })
    faults.failing = false
    await spool.close()
  })

  it('keeps accepting while the warehouse fails, and delivers everything once it is back', async () => {
    const dir = temporaryDataDir()
    const { insert, faults } = await faultyInserter()
    const spool = await Spool.open({ dir, insert, flushIntervalMs: 20 })
    faults.failing = true
    for (let n = 0; n < 300; n += 30) {
      await spool.append(
        Array.from({ length: 30 }, (_, k) => ['events', row(n + k)] as ['events', object]),
      )
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(faults.attempts).toBeGreaterThan(0)
    expect(spool.state().segments).toBeGreaterThan(1)
    expect(spool.state().oldestSeconds).toBeGreaterThan(0)
    // Failing since the first refused flush, whatever failed after it.
    const failure = spool.insertFailure()
    expect(failure).toEqual({
      since: expect.any(Number),
      error: 'injected: the warehouse refuses inserts',
    })
    expect(await spool.drain()).toBe(false)
    expect(spool.insertFailure()?.since).toBe(failure?.since)
    faults.failing = false
    await spool.drain()
    expect(spool.insertFailure()).toBeUndefined()
    const counts = await countsById()
    expect(counts.size).toBe(300)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    expect(readdirSync(dir)).toEqual([])
    await spool.close()
  })

  it('rolls segments while syncs are under way, losing, repeating and leaking nothing', async () => {
    const { insert, faults } = await faultyInserter()
    faults.failing = true // every segment stays on disk until the end
    const dir = temporaryDataDir()
    /** Files of the spool this process holds open. */
    const openSegments = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir)
        } catch {
          return false // closed while listed
        }
      })
    const spool = await Spool.open({ dir, insert, segmentRows: 4, flushIntervalMs: 60_000 })
    // Five waves of appends arriving together: in each, the first is written at once as a group
    // of its own and the others wait for its fdatasync. Every group fills a segment (4 rows), which
    // is retired right after the write, its sync still under way.
    for (let wave = 0; wave < 5; wave++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          spool.append(
            [0, 1, 2, 3].map((j) => ['events', row(wave * 80 + k * 4 + j)] as ['events', object]),
          ),
        ),
      )
    }
    const lines = readdirSync(dir).flatMap((name) =>
      readFileSync(join(dir, name), 'utf8').trim().split('\n'),
    )
    expect(lines).toHaveLength(400)
    expect(readdirSync(dir).length).toBeGreaterThanOrEqual(10)
    faults.failing = false
    await spool.close()
    const counts = await countsById()
    expect(counts.size).toBe(400)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    expect(readdirSync(dir)).toEqual([])
    expect(openSegments()).toEqual([])
  })

  it('ends a drain while the warehouse refuses, keeping what it could not write', async () => {
    const { insert, faults } = await faultyInserter()
    faults.failing = true
    const dir = temporaryDataDir()
    const spool = await Spool.open({ dir, insert, flushIntervalMs: 20 })
    await spool.append([['events', row(600)]])
    expect(await spool.drain()).toBe(false)
    expect(readdirSync(dir)).toHaveLength(1)
    // The flusher carries on, and delivers once the warehouse is back.
    faults.failing = false
    for (let waited = 0; readdirSync(dir).length > 0 && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20))
    expect([...(await countsById()).keys()]).toEqual([row(600).event_id])
    expect(await spool.drain()).toBe(true)
    await spool.close()
  })

  it('never flushes beside a drain: no failure the warehouse did not have, no segment left', async () => {
    const { insert, faults } = await faultyInserter()
    const errors: unknown[] = []
    const dir = temporaryDataDir()
    const spool = await Spool.open({
      dir,
      insert,
      // The flusher's tick comes at every turn: a drain's flush and the ticks meet.
      flushIntervalMs: 1,
      onFlush: (result) => {
        if ('error' in result && !faults.failing) errors.push(result.error)
      },
    })
    faults.failing = true
    for (let n = 0; n < 20; n++) {
      await spool.append([['events', row(700 + n)]])
      await new Promise((resolve) => setTimeout(resolve, 3))
    }
    expect(spool.state().segments).toBeGreaterThan(5)
    // A drain that ends at a failure stops the background flusher; the next drain's flush then
    // runs while the ticks go on.
    expect(await spool.drain()).toBe(false)
    faults.failing = false
    expect(await spool.drain()).toBe(true)
    expect(errors).toEqual([])
    expect(spool.insertFailure()).toBeUndefined()
    expect(readdirSync(dir)).toEqual([])
    expect((await countsById()).size).toBe(20)
    await spool.close()
  })

  it('lets two drains (an erasure and a shutdown) wait for the same sync', async () => {
    const { insert } = await faultyInserter()
    const spool = await Spool.open({ dir: temporaryDataDir(), insert, flushIntervalMs: 60_000 })
    const appended = spool.append([['events', row(500)]])
    await Promise.all([spool.drain(), spool.drain(), appended])
    expect([...(await countsById()).keys()]).toEqual([row(500).event_id])
    await spool.close()
  })

  it('inserts a segment again after a lost acknowledgement without counting it twice', async () => {
    const { insert, faults } = await faultyInserter()
    faults.afterInsertFailures = 1
    const spool = await Spool.open({ dir: temporaryDataDir(), insert, flushIntervalMs: 20 })
    await spool.append([0, 1, 2].map((n) => ['events', row(n)]))
    await spool.drain()
    await spool.drain()
    expect(faults.attempts).toBeGreaterThanOrEqual(2)
    expect([...(await countsById()).values()]).toEqual([1, 1, 1])
    await spool.close()
  })

  it('stores what it accepts after a restart that found its directory empty, and beside another spool', async () => {
    // Each process numbers its segments from 1 again once the directory is empty (a clean
    // shutdown leaves it so), and two collectors may share one warehouse: the warehouse keeps the
    // last 10,000 insert tokens, and a repeated token would silently drop different rows.
    const dir = temporaryDataDir()
    const { insert } = await faultyInserter()
    const first = await Spool.open({ dir, insert, flushIntervalMs: 20 })
    await first.append([0, 1].map((n) => ['events', row(n)]))
    await first.close()
    expect(readdirSync(dir)).toEqual([])
    const restarted = await Spool.open({ dir, insert, flushIntervalMs: 20 })
    const beside = await Spool.open({ dir: temporaryDataDir(), insert, flushIntervalMs: 20 })
    await restarted.append([2, 3].map((n) => ['events', row(n)]))
    await beside.append([4, 5].map((n) => ['events', row(n)]))
    await Promise.all([restarted.close(), beside.close()])
    const counts = await countsById()
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5].map((n) => row(n).event_id))
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('replays what a dead process left, ignoring a write it never finished', async () => {
    const dir = temporaryDataDir()
    const line = (n: number) => `events\t${JSON.stringify(row(n))}\n`
    writeFileSync(join(dir, segmentName(7, 'feedfacecafebeef')), line(1) + line(2))
    // The process died while writing: the last record has no newline and was never acknowledged.
    writeFileSync(join(dir, segmentName(8, 'feedfacecafebeef')), line(3) + line(4).slice(0, 40))
    const { insert } = await faultyInserter()
    const spool = await Spool.open({ dir, insert, flushIntervalMs: 20 })
    await spool.drain()
    expect([...(await countsById()).keys()].sort()).toEqual([1, 2, 3].map((n) => row(n).event_id))
    expect(readdirSync(dir)).toEqual([])
    // New segments continue after the ones found.
    await spool.append([['events', row(9)]])
    expect(readdirSync(dir)).toEqual([
      expect.stringMatching(/^segment-000000000009-[0-9a-f]{16}\.ndjson$/),
    ])
    await spool.close()
  })

  it('replays a segment named before names carried a writer under a token never used', async () => {
    const dir = temporaryDataDir()
    const { insert } = await faultyInserter()
    // An older collector's segment 1, flushed: its token is in the warehouse's recent ones.
    await insert(
      'events',
      Buffer.from(`${JSON.stringify(row(1))}\n`),
      'segment-000000000001.ndjson:events:0',
    )
    // The same name again, other rows, left on disk by its next run.
    writeFileSync(join(dir, 'segment-000000000001.ndjson'), `events\t${JSON.stringify(row(2))}\n`)
    const spool = await Spool.open({ dir, insert, flushIntervalMs: 20 })
    await spool.drain()
    expect([...(await countsById()).keys()].sort()).toEqual([1, 2].map((n) => row(n).event_id))
    expect(readdirSync(dir)).toEqual([])
    await spool.close()
  })

  it('sets aside rows the warehouse refuses for what they hold, and delivers the rest, once, across a crash', async () => {
    const dir = temporaryDataDir()
    const warehouse = await opened
    await warehouse.client.command({ query: 'TRUNCATE TABLE leadhouse.rejected_events' })
    const line = (value: object) => `events\t${JSON.stringify(value)}\n`
    // Written by an earlier version, or by anything that got past validation: values the columns
    // cannot hold, between good rows of the same insert.
    const badId = { ...row(2), event_id: 'not-a-uuid' }
    const badTime = { ...row(5), ts: 'not a time' }
    writeFileSync(
      join(dir, segmentName(1, 'feedfacecafebeef')),
      [row(0), row(1), badId, row(3), row(4), badTime, row(6)].map(line).join(''),
    )
    const keep = refusedLineKeeper(warehouse)
    // The first process dies part of the way through finding the bad rows.
    const { insert } = await faultyInserter()
    let inserts = 0
    const dying: InsertRows = async (tag, lines, token) => {
      if (++inserts >= 4) throw new Error('injected: the process died')
      await insert(tag, lines, token)
    }
    const first = await Spool.open({ dir, insert: dying, setAside: keep, flushIntervalMs: 60_000 })
    expect(await first.drain()).toBe(false)
    await first.close()
    // The next one finds the segment and does it again: what the first inserted counts once.
    const second = await Spool.open({ dir, insert, setAside: keep, flushIntervalMs: 60_000 })
    expect(await second.drain()).toBe(true)
    const counts = await countsById()
    expect([...counts.keys()].sort()).toEqual([0, 1, 3, 4, 6].map((n) => row(n).event_id))
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1])
    const kept = await rows<Record<string, string>>(
      warehouse,
      'SELECT endpoint, code, payload, reason FROM leadhouse.rejected_events ORDER BY payload',
    )
    expect(kept).toEqual(
      [
        { payload: JSON.stringify(badId), reason: expect.stringMatching(/Cannot parse UUID/) },
        { payload: JSON.stringify(badTime), reason: expect.stringMatching(/DateTime/) },
      ]
        .map((refused) => ({ endpoint: 'warehouse:events', code: 'warehouse_refused', ...refused }))
        .sort((a, b) => (a.payload < b.payload ? -1 : 1)),
    )
    expect(readdirSync(dir)).toEqual([])
    await second.close()
  })

  it('without a place to set refused rows aside, keeps them and retries', async () => {
    const dir = temporaryDataDir()
    writeFileSync(
      join(dir, segmentName(1, 'feedfacecafebeef')),
      `events\t${JSON.stringify({ ...row(7), event_id: 'not-a-uuid' })}\n`,
    )
    const { insert } = await faultyInserter()
    const spool = await Spool.open({ dir, insert, flushIntervalMs: 60_000 })
    expect(await spool.drain()).toBe(false)
    expect(readdirSync(dir)).toHaveLength(1)
    await spool.close()
  })

  it('refuses appends past its disk budget instead of dropping them', async () => {
    const { insert, faults } = await faultyInserter()
    faults.failing = true
    const spool = await Spool.open({
      dir: temporaryDataDir(),
      insert,
      maxBytes: 1000,
      flushIntervalMs: 60_000,
    })
    await spool.append(
      Array.from({ length: 10 }, (_, n) => ['events', row(n)] as ['events', object]),
    )
    await expect(spool.append([['events', row(99)]])).rejects.toThrow(SpoolFullError)
    faults.failing = false
    await spool.close()
  })
})
