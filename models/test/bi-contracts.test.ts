/**
 * The BI views' contracts on Leadhouse's own project: a copy of it built on a few hand-made raw
 * rows, then a view edited as a careless change would edit it (a column renamed, a type changed,
 * a column added, a mart column's type changed under the view). Each rebuild fails with dbt's
 * contract message, and the view BI tools read keeps its columns and answers.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { invoke, LEADHOUSE_PROJECT_DIR } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event, identify } from './support/raw-rows.js'

const opened = openTemporaryWarehouse('leadhouse')
afterAll(async () => (await opened).close())

const VARS = { score_as_of: '2026-11-10 00:00:00' }
const projectDir = mkdtempSync(join(tmpdir(), 'leadhouse-bi-'))

beforeAll(async () => {
  cpSync(LEADHOUSE_PROJECT_DIR, projectDir, {
    recursive: true,
    filter: (path) => !/node_modules|target/.test(path),
  })
  const warehouse = await opened
  await migrate(warehouse)
  await warehouse.client.insert({
    table: 'leadhouse.events',
    values: [
      event('a-laptop', '2026-11-02 09:00:00', { referrer: 'https://www.google.de/' }),
      identify('a-laptop', '2026-11-02 09:05:00', 'ada@example.com'),
      event('b-phone', '2026-11-03 10:00:00', {
        utm_source: 'linkedin',
        utm_medium: 'paid_social',
      }),
      identify('b-phone', '2026-11-03 10:01:00', 'bo@example.com'),
    ],
    format: 'JSONEachRow',
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    values: [crm('c1', 'stage_change', '2026-11-04 12:00:00', 'ada@example.com', { stage: 'mql' })],
    format: 'JSONEachRow',
  })
  await invoke({ command: 'seed', projectDir, warehouse, writeArtifacts: false })
  const result = await build('+bi_leads')
  expect(result.run?.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
}, 120_000)

function build(select: string) {
  return opened.then((warehouse) =>
    invoke({
      command: 'run',
      projectDir,
      warehouse,
      vars: VARS,
      select: [select],
      writeArtifacts: false,
    }),
  )
}

/** The `leads` view as BI tools see it: its columns and its rows' emails. */
async function leadsView() {
  const warehouse = await opened
  return {
    columns: await rows(
      warehouse,
      "SELECT name, type FROM system.columns WHERE database = 'leadhouse_bi' AND table = 'leads' ORDER BY position",
    ),
    emails: await rows(warehouse, 'SELECT email FROM leadhouse_bi.leads ORDER BY email'),
  }
}

describe('the BI views’ contracts', () => {
  const file = (path: string) => join(projectDir, 'models', path)
  const original = readFileSync(join(LEADHOUSE_PROJECT_DIR, 'models/bi/bi_leads.sql'), 'utf8')

  it.each([
    [
      'a column renamed',
      original.replace('  company,', '  company AS company_name,'),
      [
        /\| company +\| +\| String +\| missing in definition/,
        /\| company_name +\| String +\| +\| missing in contract/,
      ],
    ],
    [
      'a type changed',
      original.replace('  score,', '  toFloat32(score) AS score,'),
      [/\| score +\| Float32 +\| Float64 +\| data type mismatch/],
    ],
    [
      'a column added',
      original.replace('  score,', '  score,\n  1 AS extra,'),
      [/\| extra +\| UInt8 +\| +\| missing in contract/],
    ],
  ])('fails the view on %s, and the view keeps answering as before', async (_, sql, lines) => {
    const before = await leadsView()
    expect(before.emails).toEqual([{ email: 'ada@example.com' }, { email: 'bo@example.com' }])
    writeFileSync(file('bi/bi_leads.sql'), sql)
    try {
      const result = await build('bi_leads')
      const [node] = result.run?.results ?? []
      expect(node?.status).toBe('error')
      expect(node?.message).toContain('bi_leads: This model has an enforced contract that failed.')
      for (const line of lines) expect(node?.message).toMatch(line)
      expect(await leadsView()).toEqual(before)
    } finally {
      writeFileSync(file('bi/bi_leads.sql'), original)
    }
  })

  it('fails the view when a mart column it reads changes type', async () => {
    const before = await leadsView()
    const mart = file('marts/leads/leads.sql')
    const sql = readFileSync(mart, 'utf8')
    // The mart's last SELECT item, wrapped: the mart builds, the view over it must not. The mart
    // and the view only: the mart's other children (routing, alerts) read models this file's
    // build (+bi_leads) leaves out.
    writeFileSync(mart, `SELECT * REPLACE (toString(score) AS score) FROM (\n${sql}\n)`)
    try {
      const result = await build('leads bi_leads')
      const status = Object.fromEntries(result.run?.results.map((r) => [r.name, r.status]) ?? [])
      expect(status).toMatchObject({ leads: 'success', bi_leads: 'error' })
      expect(result.run?.results.find((r) => r.name === 'bi_leads')?.message).toMatch(
        /\| score +\| String +\| Float64 +\| data type mismatch/,
      )
      // The view stands, over the changed mart: its old definition still reads score.
      expect((await leadsView()).columns).toEqual(before.columns)
    } finally {
      writeFileSync(mart, sql)
      expect((await build('leads bi_leads')).success).toBe(true)
    }
  })
})
