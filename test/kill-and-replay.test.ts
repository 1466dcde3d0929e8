/**
 * An acknowledged event is never lost: the collector is killed with SIGKILL in the middle of a
 * load, started again on the same directories, and every event that got a 2xx is in `events`
 * exactly once, and so is every event a later run acknowledges. The load is bounded (count and
 * time) and goes to 127.0.0.1 only.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { openWarehouse } from '@leadhouse/warehouse'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const MAX_REQUESTS = 2000
const LOAD_MS = 8000
/** Acknowledged events after which the collector is killed (sooner if LOAD_MS runs out). */
const KILL_AFTER = 200

function startCollector(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      LEADHOUSE_MODELS_INTERVAL: '0',
      ...env,
    },
  })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk
      const match = /collector\s+(http:\/\/[^\s]+)\/e/.exec(output)
      if (match?.[1]) resolve({ child, url: match[1], output: () => output })
    })
    child.stderr?.on('data', (chunk) => {
      output += chunk
    })
    child.on('exit', (code) =>
      reject(new Error(`collector exited (${code}) before serving:\n${output}`)),
    )
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)))
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
    await Promise.all([load, exited(first.child)])
    // Killed in the middle of the load: clients were still sending.
    expect(
      acknowledged.length,
      `acknowledged before the kill (of ${sent} requests sent)`,
    ).toBeGreaterThan(0)

    // The next process replays the spool; SIGTERM drains it before exit.
    const second = await startCollector(env)
    second.child.kill('SIGTERM')
    expect(await exited(second.child)).toBe(0)
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
    third.child.kill('SIGTERM')
    expect(await exited(third.child)).toBe(0)

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
