/**
 * An acknowledged event is never lost: the collector is killed with SIGKILL in the middle of a
 * load, started again on the same directories, and every event that got a 2xx is in `events`
 * exactly once, and so is every event a later run acknowledges. The load is bounded (count and
 * time) and goes to 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { openWarehouse } from '@leadhouse/warehouse'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'
import { spawnCollector } from './support/collector.js'

const MAX_REQUESTS = 2000
const LOAD_MS = 8000
/** Acknowledged events after which the collector is killed (sooner if LOAD_MS runs out). */
const KILL_AFTER = 200

/** Leadhouse on the test's data and spool directories, once it serves. */
async function startCollector(env: Record<string, string>) {
  const leadhouse = spawnCollector({ env })
  return { ...leadhouse, url: await leadhouse.serving }
}

function pageview(id: string) {
  return {
    i: id,
    t: 'pageview',
    ts: Date.now(),
    a: 'load-test',
    u: 'https://acme.test/load',
    p: '/load',
  }
}

describe('kill -9 in the middle of a load', () => {
  it('keeps every acknowledged event, exactly once, after a restart', async () => {
    const env = { LEADHOUSE_DATA_DIR: temporaryDataDir(), LEADHOUSE_SPOOL_DIR: temporaryDataDir() }
    const first = await startCollector(env)
    const acknowledged: string[] = []
    let sent = 0
    let killed = false
    const deadline = Date.now() + LOAD_MS

    // Eight clients post batches of five until the collector is killed (bounded either way).
    const client = async () => {
      while (!killed && sent < MAX_REQUESTS && Date.now() < deadline) {
        sent += 1
        const ids = Array.from({ length: 5 }, () => randomUUID())
        try {
          const response = await fetch(`${first.url}/e`, {
            method: 'POST',
            body: JSON.stringify({ s: 'demo', e: ids.map(pageview) }),
          })
          if (response.status === 202) acknowledged.push(...ids)
        } catch {
          // The connection died with the process: not acknowledged, may or may not be stored.
        }
      }
    }
    const load = Promise.all(Array.from({ length: 8 }, client))
    while (acknowledged.length < KILL_AFTER && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
    first.child.kill('SIGKILL')
    killed = true
    await Promise.all([load, first.exited])
    // Killed in the middle of the load: clients were still sending.
    expect(
      acknowledged.length,
      `acknowledged before the kill (of ${sent} requests sent)`,
    ).toBeGreaterThan(0)

    // The next process replays the spool; SIGTERM drains it before exit.
    const second = await startCollector(env)
    expect(await second.stop()).toBe(0)
    expect(
      readdirSync(env.LEADHOUSE_SPOOL_DIR).filter((name) => name.endsWith('.ndjson')),
      `spool left after the clean stop:\n${second.output()}`,
    ).toEqual([])

    // A third run finds the spool empty and numbers its segments from the start again: what it
    // acknowledges must not be taken for what the first run inserted under the same numbers.
    const third = await startCollector(env)
    const afterRestart = Array.from({ length: 5 }, () => randomUUID())
    const response = await fetch(`${third.url}/e`, {
      method: 'POST',
      body: JSON.stringify({ s: 'demo', e: afterRestart.map(pageview) }),
    })
    expect(response.status).toBe(202)
    acknowledged.push(...afterRestart)
    expect(await third.stop()).toBe(0)

    const warehouse = await openWarehouse({ dataDir: env.LEADHOUSE_DATA_DIR })
    try {
      const counts = await rows<{ id: string; n: string }>(
        warehouse,
        'SELECT toString(event_id) AS id, count() AS n FROM leadhouse.events WHERE event_id IN {ids:Array(UUID)} GROUP BY id',
        { ids: acknowledged },
      )
      const missing = acknowledged.length - counts.length
      const twice = counts.filter(({ n }) => n !== '1')
      expect(
        { missing, twice },
        `of ${acknowledged.length} acknowledged; restart output:\n${second.output()}`,
      ).toEqual({
        missing: 0,
        twice: [],
      })
    } finally {
      await warehouse.close()
    }
  })
})
