/**
 * One data directory holds everything of an installation: two collectors started one after the
 * other from the same checkout and working directory, with the default spool setting, on two
 * data directories. The first is killed with acknowledged events still in its spool; none of
 * them reaches the second warehouse, a collector pointed at the first's spool on the second
 * warehouse refuses to start, and the first, started again, delivers them into its own.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'
import { ROOT, spawnCollector } from './support/collector.js'

/** Those of `ids` in the data directory's raw events, looked up in a process of its own. */
async function storedIds(dataDir: string, ids: string[]): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/event-ids-in.ts', dataDir],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  child.stdin.end(JSON.stringify(ids))
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  expect(code, output).toBe(0)
  return JSON.parse(output) as string[]
}

function pageviews(ids: string[]) {
  return JSON.stringify({
    s: 'demo',
    e: ids.map((i) => ({
      i,
      t: 'pageview',
      ts: Date.now(),
      a: 'two-dirs',
      u: 'https://acme.test/',
      p: '/',
    })),
  })
}

describe('two data directories from one checkout', () => {
  it('never replays the first one’s unsent events into the second', async () => {
    const first = { LEADHOUSE_DATA_DIR: temporaryDataDir() }
    const second = { LEADHOUSE_DATA_DIR: temporaryDataDir() }
    const firstSpool = join(first.LEADHOUSE_DATA_DIR, 'leadhouse', 'spool')

    // The first collector acknowledges events and is killed before its spool flushes them
    // (the flusher seals a segment once a second).
    const a = spawnCollector({ env: first, spool: 'default' })
    const url = await a.serving
    const unsent = Array.from({ length: 50 }, () => randomUUID())
    const response = await fetch(`${url}/e`, { method: 'POST', body: pageviews(unsent) })
    a.child.kill('SIGKILL')
    expect(response.status).toBe(202)
    await a.exited
    const spooled = readdirSync(firstSpool)
      .filter((name) => name.endsWith('.ndjson'))
      .map((name) => readFileSync(join(firstSpool, name), 'utf8'))
      .join('')
    expect(
      unsent.filter((id) => spooled.includes(id)),
      'acknowledged events left in the first spool',
    ).toEqual(unsent)
    const marker = JSON.parse(readFileSync(join(firstSpool, 'warehouse.json'), 'utf8'))

    // The second runs from the same working directory with the same (default) spool setting.
    const b = spawnCollector({ env: second, spool: 'default' })
    const secondUrl = await b.serving
    const own = [randomUUID()]
    expect((await fetch(`${secondUrl}/e`, { method: 'POST', body: pageviews(own) })).status).toBe(
      202,
    )
    expect(await b.stop(), b.output()).toBe(0)
    expect(
      existsSync(join(second.LEADHOUSE_DATA_DIR, 'leadhouse', 'spool', 'warehouse.json')),
    ).toBe(true)

    // Pointed at the first one's spool, a collector on the second warehouse refuses to start,
    // in one line naming both warehouses.
    const wrong = spawnCollector({ env: { ...second, LEADHOUSE_SPOOL_DIR: firstSpool } })
    expect(await wrong.exited).toBe(1)
    const refusal = wrong.output().trim()
    expect(refusal.split('\n')).toHaveLength(1)
    expect(refusal).toMatch(
      new RegExp(
        `^leadhouse: the spool ${firstSpool} holds \\d+ segment\\(s\\) of unsent events for warehouse ${marker.warehouseId} \\(embedded ClickHouse in ${first.LEADHOUSE_DATA_DIR}, database leadhouse\\), not for this one, [0-9a-f-]{36} \\(embedded ClickHouse in ${second.LEADHOUSE_DATA_DIR}, database leadhouse\\): start the collector on that warehouse to deliver them`,
      ),
    )

    expect(await storedIds(second.LEADHOUSE_DATA_DIR, [...unsent, ...own])).toEqual(own)

    // The first, started again on its own directory, delivers them there (SIGTERM drains).
    const again = spawnCollector({ env: first, spool: 'default' })
    await again.serving
    expect(await again.stop(), again.output()).toBe(0)
    expect((await storedIds(first.LEADHOUSE_DATA_DIR, unsent)).sort()).toEqual([...unsent].sort())
  })
})
