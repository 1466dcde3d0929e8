/**
 * `pnpm leadhouse import` as an operator runs it: a separate process that sends a CSV file to
 * the running Leadhouse, prints what was imported and what was refused, and exits non-zero when
 * anything was refused.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  runLeadhouseCli as leadhouse,
  startTestCollector,
  type TestCollector,
} from './support/collector.js'
import { closedPort } from './support/servers.js'

const KEY = 'sk_cli_test_0123456789'
let collector: TestCollector

beforeAll(async () => {
  collector = await startTestCollector({ config: { adminKeys: [KEY] } })
})
afterAll(async () => collector?.close())

describe('leadhouse import', () => {
  it('imports campaign costs from CSV, naming the refused lines', async () => {
    const file = join(temporaryDataDir(), 'spend.csv')
    writeFileSync(
      file,
      'day,channel,campaign,cost,currency\n2026-11-01,paid_search,cli-q4,99.5,EUR\n2026-11-01,paid_search,cli-q4,lots,EUR\n',
    )
    const { code, output } = await leadhouse([
      'import',
      'costs',
      file,
      '--url',
      collector.url,
      '--key',
      KEY,
    ])
    expect(output).toContain(`${file}: 1 cost rows imported, 1 refused`)
    expect(output).toContain('line 3: cost:')
    expect(code).toBe(1)
    await collector.spool.drain()
    expect(
      await rows(
        collector.warehouse,
        "SELECT toString(cost) AS cost FROM leadhouse.campaign_costs WHERE campaign = 'cli-q4'",
      ),
    ).toEqual([{ cost: '99.5' }])
  })

  it('exits 0 when everything was imported, and explains a wrong key or an absent server', async () => {
    const file = join(temporaryDataDir(), 'log.json')
    writeFileSync(
      file,
      JSON.stringify({
        records: [
          {
            id: 'cli-1',
            type: 'call',
            occurred_at: '2026-11-05T10:00:00Z',
            email: 'f@example.com',
          },
        ],
      }),
    )
    expect(await leadhouse(['import', 'crm', file, '--url', collector.url, '--key', KEY])).toEqual({
      code: 0,
      output: `${file}: 1 records imported, 0 refused\n`,
    })
    const wrong = await leadhouse([
      'import',
      'crm',
      file,
      '--url',
      collector.url,
      '--key',
      'sk_wrong_0123456789',
    ])
    expect(wrong).toEqual({
      code: 1,
      output: `leadhouse: ${file}: the key is not valid (unknown or revoked)\n`,
    })
    const port = await closedPort()
    const absent = await leadhouse([
      'import',
      'crm',
      file,
      '--url',
      `http://127.0.0.1:${port}`,
      '--key',
      KEY,
    ])
    expect(absent.code).toBe(1)
    expect(absent.output).toContain(
      `leadhouse: no Leadhouse answers at http://127.0.0.1:${port} (ECONNREFUSED)`,
    )
  })

  it('shows its usage for a wrong command', async () => {
    const { code, output } = await leadhouse(['export', 'crm'])
    expect(code).toBe(2)
    expect(output).toMatch(/^usage: leadhouse import <crm\|costs>/)
  })
})
