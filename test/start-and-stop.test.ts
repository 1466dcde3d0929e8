/**
 * `pnpm start`'s entry as a user meets it: a child process that prints where it serves, stops
 * cleanly on SIGTERM, and explains a failed start in one line rather than a stack trace.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openWarehouse } from '@leadhouse/warehouse'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'
import { spawnCollector } from './support/collector.js'
import { closedPort } from './support/servers.js'

/** A start expected to fail: its exit code and what it wrote to standard error. */
async function failedStart(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const leadhouse = spawnCollector({ env })
  const code = await leadhouse.exited
  return { code, stderr: leadhouse.stderr() }
}

/** The lines Leadhouse itself wrote (the embedded engine may print its own diagnostics). */
function leadhouseLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('leadhouse: '))
}

describe('leadhouse start', () => {
  it('prints the URLs it serves, answers on them, and stops on SIGTERM', async () => {
    const leadhouse = spawnCollector({ env: { LEADHOUSE_DATA_DIR: temporaryDataDir() } })
    const url = await leadhouse.serving
    const output = leadhouse.stdout()
    expect(output).toContain(`collector  ${url}/e`)
    expect(output).toContain(`demo site  ${url}/demo`)
    expect(output).toContain(`dashboard  ${url}/dashboard`)
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect((await fetch(`${url}/lh.js`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    )
    expect(await leadhouse.stop()).toBe(0)
    expect(leadhouse.stdout()).toContain('leadhouse: SIGTERM: stopping')
  })

  it('explains a data directory that is a file in one line', async () => {
    const file = join(temporaryDataDir(), 'file')
    writeFileSync(file, 'not a directory')
    const { code, stderr } = await failedStart({ LEADHOUSE_DATA_DIR: file })
    expect(code).toBe(1)
    expect(stderr.trim()).toBe(
      `leadhouse: cannot use ${file} as the data directory: not a directory`,
    )
  })

  it('names the process that holds the data directory', async () => {
    const dataDir = temporaryDataDir()
    const holder = await openWarehouse({ dataDir })
    try {
      const { code, stderr } = await failedStart({ LEADHOUSE_DATA_DIR: dataDir })
      expect(code).toBe(1)
      expect(leadhouseLines(stderr)).toEqual([
        `leadhouse: the data directory ${dataDir} is in use by process ${process.pid}: stop it, or set LEADHOUSE_DATA_DIR to another directory`,
      ])
      expect(stderr).not.toMatch(/^\s+at /m)
    } finally {
      await holder.close()
    }
  })

  it('explains an unreachable CLICKHOUSE_URL in one line', async () => {
    const port = await closedPort()
    const { code, stderr } = await failedStart({ CLICKHOUSE_URL: `http://127.0.0.1:${port}` })
    expect(code).toBe(1)
    expect(stderr.trim()).toMatch(
      new RegExp(
        `^leadhouse: cannot reach ClickHouse at http://127.0.0.1:${port}: .*ECONNREFUSED[^\\n]*$`,
      ),
    )
  })

  it('names a country database it cannot open in one line', async () => {
    const missing = join(temporaryDataDir(), 'GeoLite2-Country.mmdb')
    const { code, stderr } = await failedStart({ LEADHOUSE_COUNTRY_DB: missing })
    expect(code).toBe(1)
    expect(stderr.trim()).toBe(
      `leadhouse: LEADHOUSE_COUNTRY_DB (countryDatabase): ${missing}: cannot be opened as a MaxMind DB country database (ENOENT)`,
    )
  })

  it('names a bad setting in one line', async () => {
    const { code, stderr } = await failedStart({ PORT: 'eighty' })
    expect(code).toBe(1)
    expect(stderr.trim()).toBe(
      'leadhouse: PORT: must be a port number from 0 to 65535, got "eighty"',
    )
  })
})
