/**
 * No row left out of the marts: rows that reach the warehouse after a build with timestamps
 * older than those already modelled (a `pnpm generate` of past days, imports of history
 * through the collector's API, a second collector's spool drained late, CRM records and costs
 * out of order) are in the next incremental build, which equals a full rebuild of the same data.
 */
import { randomUUID } from 'node:crypto'
import { type CollectorConfig, configFromEnv } from '@leadhouse/collector'
import {
  composeTestApp,
  faultSwitch,
  refusedLineKeeper,
  SECRET_KEY,
  Spool,
  warehouseInserter,
  withFaults,
} from '@leadhouse/collector/testing'
import { generate } from '@leadhouse/generate'
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { event } from '../models/test/support/raw-rows.js'

const opened = openTemporaryWarehouse()
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
/** Tomorrow: everything here happened before the scores are taken, on every build alike. */
const SCORE_AS_OF = new Date(Date.now() + 86_400_000).toISOString().slice(0, 19).replace('T', ' ')
/**
 * No lookback: every insert here is done before the build that should find it starts. With
 * the default margin (5 minutes), the builds would take again everything this test inserted
 * (all within the last minute), whichever way new rows were found, and prove nothing.
 */
const VARS = { score_as_of: SCORE_AS_OF, incremental_lookback_minutes: 0 }

/** Two collectors on one warehouse: `now` delivers at once, `late`'s warehouse is unreachable. */
let collectors: Awaited<ReturnType<typeof openCollectors>>
afterAll(async () => {
  await collectors?.close()
  await (await opened).close()
})

async function openCollectors() {
  const warehouse = await opened
  await migrate(warehouse)
  const config: CollectorConfig = {
    ...configFromEnv({}),
    sites: [{ id: 'acme', origins: [] }],
    adminKeys: [SECRET_KEY],
    stateDir: temporaryDataDir(),
  }
  const open = (insert = warehouseInserter(warehouse)) =>
    Spool.open({ dir: temporaryDataDir(), insert, setAside: refusedLineKeeper(warehouse) })
  const lateFaults = faultSwitch(true)
  const nowSpool = await open()
  const lateSpool = await open(withFaults(warehouseInserter(warehouse), lateFaults))
  return {
    now: { app: composeTestApp(config, warehouse, nowSpool), spool: nowSpool },
    late: { app: composeTestApp(config, warehouse, lateSpool), spool: lateSpool },
    lateFaults,
    async close() {
      await nowSpool.close()
      await lateSpool.close()
    },
  }
}

type Collector = (typeof collectors)['now']

async function sendEvents(collector: Collector, anonymousId: string, events: object[]) {
  const response = await collector.app.request('/e', {
    method: 'POST',
    body: JSON.stringify({
      s: 'acme',
      // A millisecond apart, in the order given.
      e: events.map((event, index) => ({
        i: randomUUID(),
        ts: Date.now() + index,
        a: anonymousId,
        ...event,
      })),
    }),
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': CHROME },
  })
  expect(response.status).toBe(202)
}

async function sendImport(collector: Collector, path: string, body: string, contentType: string) {
  const response = await collector.app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, authorization: `Bearer ${SECRET_KEY}` },
  })
  expect(response.status).toBe(202)
  expect(((await response.json()) as { rejected?: unknown[] }).rejected ?? []).toEqual([])
}

const pageview = (path: string) => ({ t: 'pageview', u: `https://acme.test${path}`, p: path })
const identify = (email: string) => ({
  t: 'identify',
  u: 'https://acme.test/demo',
  p: '/demo',
  e: email,
})

/** Every table the models built: its row count and a hash of all its rows. */
async function fingerprints(): Promise<Record<string, readonly [string, string]>> {
  const warehouse = await opened
  const tables = await rows<{ name: string }>(
    warehouse,
    `SELECT name FROM system.tables
     WHERE database = 'leadhouse' AND engine NOT IN ('View', 'MaterializedView')
       AND name NOT IN ('events', 'crm_events', 'campaign_costs', 'rejected_events', 'schema_migrations')
       AND NOT startsWith(name, 'channel_') AND NOT startsWith(name, 'scoring_')
     ORDER BY name`,
  )
  expect(tables.map(({ name }) => name)).toContain('activity_log')
  const entries = await Promise.all(
    tables.map(async ({ name }) => {
      const [row] = await rows<{ n: string; hash: string }>(
        warehouse,
        `SELECT toString(count()) AS n, toString(groupBitXor(cityHash64(*))) AS hash FROM leadhouse.${name}`,
      )
      return [name, [row?.n ?? '', row?.hash ?? '']] as const
    }),
  )
  return Object.fromEntries(entries)
}

/** Rows through the writer the spool flushes with, as one spooled segment. */
async function insertThroughSpoolWriter(table: string, values: object[]) {
  const lines = Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''))
  await warehouseInserter(await opened)(table, lines, randomUUID())
}

/** An email open recorded by a link, delivered twice: the later delivery wins. */
const EMAIL_OPEN = event('', '2026-11-05 10:00:00', {
  type: 'event',
  name: 'email_open',
  email: 'ada@example.com',
})
const OPEN_RECEIVED_LATER = { ...EMAIL_OPEN, received_at: '2026-11-05 10:00:05.000', url: 'later' }
const OPEN_RECEIVED_EARLIER = { ...EMAIL_OPEN, url: 'earlier' }

async function build(fullRefresh = false) {
  const result = await buildModels({ warehouse: await opened, vars: VARS, fullRefresh })
  expect(
    result.results.filter((node) => node.status === 'error').map((node) => node.message),
  ).toEqual([])
  expect(result.success).toBe(true)
}

beforeAll(async () => {
  collectors = await openCollectors()
  // The second collector accepts first: its rows carry the earliest received_at of all.
  await sendEvents(collectors.late, 'v-late', [pageview('/'), pageview('/pricing')])
  await new Promise((resolve) => setTimeout(resolve, 5))
  await sendEvents(collectors.late, 'v-late', [identify('lea@example.com')])
  await sendImport(
    collectors.late,
    '/api/v1/crm',
    JSON.stringify({
      records: [
        {
          id: 'crm-x',
          type: 'meeting',
          occurred_at: '2026-10-20T10:00:00Z',
          email: 'ada@example.com',
          owner: 'old',
        },
      ],
    }),
    'application/json',
  )
  await new Promise((resolve) => setTimeout(resolve, 20))
  await sendEvents(collectors.now, 'v-now', [pageview('/'), identify('ada@example.com')])
  // The same record, received later: the version every build must keep.
  await sendImport(
    collectors.now,
    '/api/v1/crm',
    JSON.stringify({
      records: [
        {
          id: 'crm-x',
          type: 'meeting',
          occurred_at: '2026-10-20T10:00:00Z',
          email: 'ada@example.com',
          owner: 'new',
        },
      ],
    }),
    'application/json',
  )
  await collectors.now.spool.drain()
  await insertThroughSpoolWriter('events', [OPEN_RECEIVED_LATER])
  await build()
}, 120_000)

describe('an incremental build after rows with older timestamps', () => {
  it('takes them all in, as a full rebuild does', async () => {
    const warehouse = await opened
    const modelled = async () =>
      (
        await rows<{ n: string }>(
          warehouse,
          'SELECT count() AS n FROM leadhouse.int_sessionized_events',
        )
      )[0]?.n
    const before = Number(await modelled())
    // Only the first collector's: the second one's are still in its spool.
    expect(before).toBe(2)

    // `pnpm generate` of two past months: events, the sales log and spend, all received then.
    const generated = await generate(warehouse, {
      events: 3000,
      days: 60,
      end: '2026-10-31',
      seed: 3,
    })
    expect(generated.costRows).toBeGreaterThan(0)
    // Imports of history through the collector's API: a CRM record of September, spend of a
    // September day.
    await sendImport(
      collectors.now,
      '/api/v1/crm/csv',
      ['id,type,occurred_at,email', 'crm-hist,call,2026-09-01T09:00:00Z,ada@example.com'].join(
        '\n',
      ),
      'text/csv',
    )
    await sendImport(
      collectors.now,
      '/api/v1/costs/csv',
      [
        'day,channel,source,medium,campaign,cost,currency,impressions',
        '2026-09-01,email,newsletter,email,sept,40,EUR,900',
      ].join('\n'),
      'text/csv',
    )
    await collectors.now.spool.drain()
    // The email open's earlier delivery, stored late, and an open of last year.
    await insertThroughSpoolWriter('events', [
      OPEN_RECEIVED_EARLIER,
      event('', '2025-06-01 08:00:00', {
        type: 'event',
        name: 'email_open',
        email: 'old@example.com',
      }),
    ])
    // The second collector's warehouse is back; the acknowledgement of its first insert is lost,
    // so the spool sends that segment again with the same dedup token.
    collectors.lateFaults.failing = false
    collectors.lateFaults.afterInsertFailures = 1
    while (!(await collectors.late.spool.drain())) await new Promise((r) => setTimeout(r, 50))
    expect(
      await rows(
        warehouse,
        "SELECT count() AS n FROM leadhouse.events WHERE anonymous_id = 'v-late'",
      ),
    ).toEqual([{ n: '3' }])

    await build()
    const incremental = await fingerprints()
    // Every event a full build keeps is in: the generated ones, the late collector's.
    const [{ n: eligible } = { n: '' }] = await rows<{ n: string }>(
      warehouse,
      `SELECT toString(uniqExact(event_id)) AS n FROM leadhouse.events
       WHERE NOT is_bot AND anonymous_id != '' AND type IN ('pageview', 'event', 'identify')`,
    )
    expect(await modelled()).toBe(eligible)
    expect(Number(eligible)).toBeGreaterThan(before + 1000)
    expect(
      await rows(
        warehouse,
        `SELECT person_key, path FROM leadhouse.activity_log WHERE anonymous_id = 'v-late' ORDER BY seq`,
      ),
    ).toEqual([
      { person_key: 'lead:lea@example.com', path: '/' },
      { person_key: 'lead:lea@example.com', path: '/pricing' },
      { person_key: 'lead:lea@example.com', path: '/demo' },
    ])
    expect(
      await rows(
        warehouse,
        `SELECT email, url FROM leadhouse.int_email_link_events
         WHERE event_id = {id:UUID} OR email = 'old@example.com' ORDER BY email`,
        { id: EMAIL_OPEN.event_id },
      ),
    ).toEqual([
      { email: 'ada@example.com', url: 'later' },
      { email: 'old@example.com', url: 'https://acme.test/' },
    ])
    // The late, older version of a CRM record does not replace the one received after it.
    expect(
      await rows(
        warehouse,
        "SELECT record_id, owner FROM leadhouse.stg_leadhouse__crm_events WHERE record_id IN ('crm-x', 'crm-hist') ORDER BY record_id",
      ),
    ).toEqual([
      { record_id: 'crm-hist', owner: '' },
      { record_id: 'crm-x', owner: 'new' },
    ])
    expect(
      await rows(
        warehouse,
        "SELECT toString(day) AS day, emails_sent FROM leadhouse.kpi_daily WHERE day = '2026-09-01'",
      ),
    ).toEqual([{ day: '2026-09-01', emails_sent: expect.any(String) }])

    await build(true)
    expect(await fingerprints()).toEqual(incremental)
  }, 300_000)

  it('rebuilds the tables an earlier version built without inserted_at, then goes on incrementally', async () => {
    const warehouse = await opened
    for (const table of [
      'stg_leadhouse__crm_events',
      'int_sessionized_events',
      'int_visitor_days',
      'int_email_link_events',
      'touchpoints',
      'activity_log',
    ])
      await warehouse.client.command({
        query: `ALTER TABLE leadhouse.${table} DROP COLUMN inserted_at`,
        clickhouse_settings: { mutations_sync: '2' },
      })
    await sendEvents(collectors.now, 'v-now', [pageview('/case-studies')])
    await collectors.now.spool.drain()
    await build()
    const incremental = await fingerprints()
    await build(true)
    expect(await fingerprints()).toEqual(incremental)
    expect(
      await rows(
        warehouse,
        "SELECT count() AS n FROM leadhouse.activity_log WHERE anonymous_id = 'v-now' AND path = '/case-studies'",
      ),
    ).toEqual([{ n: '1' }])
  }, 300_000)
})
