import { buildModels } from '@leadhouse/models'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleError } from '../errors.js'
import { createModelsScheduler } from '../models-scheduler.js'
import { Spool } from '../spool/spool.js'
import { openTestApp, READ_TOKEN, SECRET_KEY, testAuthorize } from '../test-app.js'
import { eraseRoutes } from './erase.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

const ADA = 'ada@example.com'
const LAPTOP = 'ada-laptop'
const PHONE = 'ada-phone'
const OTHER = 'grace-laptop'

const event = (anonymousId: string, fields: Record<string, unknown>) => ({
  i: crypto.randomUUID(),
  ts: Date.now(),
  a: anonymousId,
  u: 'https://acme.test/pricing',
  p: '/pricing',
  ...fields,
})

async function request(path: string, body: unknown, key = SECRET_KEY) {
  const { app } = await opened
  return app.request(path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'user-agent': 'Mozilla/5.0 Chrome/131.0',
    },
  })
}

/** Rows naming Ada in any table of the database, or any refused payload mentioning her. */
/**
 * Rows anywhere in the database that still name Ada: her email or one of her devices' ids in
 * any text column of any table (urls, props, payloads and person keys included), not only in the
 * columns erasure deletes by.
 */
async function traces(): Promise<Record<string, number>> {
  const { warehouse } = await opened
  // The BI views (leadhouse_bi) too: they must show nothing of her once the marts hold none.
  const tables = await rows<{ database: string; table: string; columns: string[] }>(
    warehouse,
    `SELECT database, table, groupArray(name) AS columns FROM system.columns
     WHERE database IN ('leadhouse', 'leadhouse_bi') AND (type LIKE '%String%' OR type LIKE 'Map(%')
       AND (database, table) IN (SELECT database, name FROM system.tables
         WHERE database IN ('leadhouse', 'leadhouse_bi') AND (engine LIKE '%MergeTree' OR engine = 'View'))
     GROUP BY database, table`,
  )
  const found: Record<string, number> = {}
  for (const { database, table, columns } of tables) {
    const where = columns
      .map(
        (column) =>
          `multiSearchAnyCaseInsensitive(ifNull(toString(\`${column}\`), ''), ['${ADA}', '${LAPTOP}', '${PHONE}'])`,
      )
      .join(' OR ')
    const [row] = await rows<{ n: string }>(
      warehouse,
      `SELECT count() AS n FROM \`${database}\`.\`${table}\` WHERE ${where}`,
    )
    const name = database === 'leadhouse' ? table : `${database}.${table}`
    if (Number(row?.n)) found[name] = Number(row?.n)
  }
  return found
}

// The people the erasures below name, in raw tables and marts alike: one model build for all of
// them (each build costs seconds; the tests are about erasing, not building).
beforeAll(async () => {
  // Ada browses on two devices, fills a form on one, is in the CRM, and once sent a bad event.
  await request('/e', {
    s: 'acme',
    e: [event(LAPTOP, { t: 'pageview' }), event(LAPTOP, { t: 'identify', e: 'Ada@Example.com' })],
  })
  await request('/e', {
    s: 'acme',
    e: [event(PHONE, { t: 'pageview' }), event(PHONE, { t: 'identify', e: ADA })],
  })
  await request('/e', { s: 'acme', e: [event(LAPTOP, { t: 'pageview', u: 'not a url' })] })
  await request('/e', { s: 'acme', e: [event(OTHER, { t: 'pageview' })] })
  await request('/api/v1/crm', {
    records: [{ id: 'crm-ada', type: 'call', occurred_at: '2026-11-20T10:00:00Z', email: ADA }],
  })
  // Bo identifies on two devices.
  await request('/e', {
    s: 'acme',
    e: [
      event('bo-laptop', { t: 'pageview' }),
      event('bo-laptop', { t: 'identify', e: 'bo@example.com' }),
    ],
  })
  await request('/e', {
    s: 'acme',
    e: [event('bo-phone', { t: 'identify', e: 'bo@example.com' })],
  })
  // Cy, on one.
  await request('/e', {
    s: 'acme',
    e: [
      event('cy-laptop', { t: 'pageview' }),
      event('cy-laptop', { t: 'identify', e: 'cy@example.com' }),
    ],
  })
  const { spool } = await opened
  await spool.drain()
  expect((await request('/api/v1/models/run', {})).status).toBe(200)
}, 120_000)

describe('POST /api/v1/erase', () => {
  it('removes one person from raw tables and marts, on every device, and leaves others alone', async () => {
    // Raw tables and every mart that names her; views show her while the tables under them do.
    expect(Object.keys(await traces())).toEqual(
      expect.arrayContaining([
        'events',
        'crm_events',
        'rejected_events',
        'activity_log',
        'touchpoints',
        'leads',
        'lead_scores',
        'lifecycle_stages',
        'conversions',
        'attribution_paths',
        'attribution',
        // Her paths towards the stages she has not reached (mql, ...).
        'attribution_non_converting_paths',
        'stg_leadhouse__events',
        'leadhouse_bi.leads',
        'leadhouse_bi.activity_log',
        'leadhouse_bi.attribution',
      ]),
    )

    const response = await request('/api/v1/erase', { email: 'ADA@example.com' })
    expect(response.status).toBe(200)
    const receipt = (await response.json()) as {
      email: string
      anonymous_ids: string[]
      removed: Record<string, number>
    }
    expect(receipt.email).toBe(ADA)
    expect(receipt.anonymous_ids.sort()).toEqual([LAPTOP, PHONE])
    expect(receipt.removed).toMatchObject({
      events: 4,
      crm_events: 1,
      activity_log: 5, // two page views, two identifications, the call
      touchpoints: 2,
      leads: 1,
      rejected_events: 1,
    })

    expect(await traces()).toEqual({})
    // The next build, incremental, neither brings her back nor trips over her absence.
    const rebuilt = (await (await request('/api/v1/models/run', {})).json()) as {
      success: boolean
    }
    expect(rebuilt.success).toBe(true)
    expect(await traces()).toEqual({})
    const { warehouse } = await opened
    expect(
      await rows(
        warehouse,
        `SELECT anonymous_id FROM leadhouse.events WHERE anonymous_id = '${OTHER}'`,
      ),
    ).toEqual([{ anonymous_id: OTHER }])
  })

  it('erases the lead a browser identified as, on every device, when named by its anonymous id', async () => {
    const response = await request('/api/v1/erase', { anonymous_id: 'bo-phone' })
    const receipt = (await response.json()) as { email: string; anonymous_ids: string[] }
    expect(receipt.email).toBe('bo@example.com')
    expect(receipt.anonymous_ids.sort()).toEqual(['bo-laptop', 'bo-phone'])
    const { warehouse } = await opened
    expect(
      await rows(
        warehouse,
        `SELECT count() AS n FROM leadhouse.activity_log
         WHERE email = 'bo@example.com' OR anonymous_id IN ('bo-laptop', 'bo-phone')`,
      ),
    ).toEqual([{ n: '0' }])
  })

  it('erases by anonymous id alone, and refuses a request that names no one', async () => {
    await request('/e', { s: 'acme', e: [event('cookie-only', { t: 'pageview' })] })
    const response = await request('/api/v1/erase', { anonymous_id: 'cookie-only' })
    expect(((await response.json()) as { removed: Record<string, number> }).removed.events).toBe(1)
    const empty = await request('/api/v1/erase', {})
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({
      error: { code: 'invalid_erasure', message: 'body: name an email or an anonymous_id' },
    })
    expect((await request('/api/v1/erase', { email: ADA }, 'sk_wrong_0123456789abc')).status).toBe(
      403,
    )
  })

  it('refuses a body over 64 KB or not JSON, naming the problem, and erases nothing', async () => {
    await request('/e', { s: 'acme', e: [event('big-body', { t: 'pageview' })] })
    const tooLarge = await request('/api/v1/erase', {
      anonymous_id: 'big-body',
      note: 'x'.repeat(70_000),
    })
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.json()).toMatchObject({
      error: { code: 'body_too_large', message: expect.stringMatching(/the limit is 65536$/) },
    })
    const broken = await request('/api/v1/erase', '{"anonymous_id": "big-body"')
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({
      error: { code: 'invalid_json', message: expect.stringMatching(/^body is not JSON: /) },
    })
    const { spool, warehouse } = await opened
    await spool.drain()
    expect(
      await rows(
        warehouse,
        "SELECT count() AS n FROM leadhouse.events WHERE anonymous_id = 'big-body'",
      ),
    ).toEqual([{ n: '1' }])
  })
})

describe('an erasure after a crashed build or erasure', () => {
  it("drops their leftover tables, and purges the person's rows a DELETE only masked", async () => {
    const { warehouse } = await opened
    // A build that died half-way left its new table and its new rows; an erasure, its table.
    await warehouse.client.command({
      query:
        'CREATE TABLE leadhouse.leads__dbt_new ENGINE = MergeTree ORDER BY email AS SELECT * FROM leadhouse.leads',
    })
    await warehouse.client.command({
      query:
        'CREATE TABLE leadhouse.activity_log__dbt_new_data ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM leadhouse.activity_log',
    })
    await warehouse.client.command({
      query:
        'CREATE TABLE leadhouse._leadhouse_erasure (kind String, value String) ENGINE = Memory',
    })
    // An incremental build's delete+insert masks rows (a lightweight DELETE) and writes them anew.
    await warehouse.client.command({
      query: "DELETE FROM leadhouse.activity_log WHERE email = 'cy@example.com'",
    })
    await warehouse.client.command({
      query:
        "INSERT INTO leadhouse.activity_log SELECT * FROM leadhouse.activity_log__dbt_new_data WHERE email = 'cy@example.com'",
    })
    const stored = `SELECT count() AS n FROM leadhouse.activity_log WHERE email = 'cy@example.com'
                    SETTINGS apply_deleted_mask = 0`
    const [before] = await rows<{ n: string }>(warehouse, stored)
    expect(Number(before?.n)).toBeGreaterThanOrEqual(4) // masked and visible, two of each

    const response = await request('/api/v1/erase', { email: 'cy@example.com' })
    expect(response.status).toBe(200)
    expect(await rows(warehouse, stored)).toEqual([{ n: '0' }])
    expect(
      await rows(
        warehouse,
        `SELECT name FROM system.tables WHERE database = 'leadhouse'
         AND (name LIKE '%\\_\\_dbt\\_new%' OR name = '_leadhouse_erasure')`,
      ),
    ).toEqual([])
    // The next build runs as usual.
    const rebuilt = (await (await request('/api/v1/models/run', {})).json()) as { success: boolean }
    expect(rebuilt.success).toBe(true)
  })
})

describe('POST /api/v1/erase without the secret key', () => {
  it.each([
    ['no key', 401, 'unauthorized', null],
    ['the read token', 403, 'forbidden', READ_TOKEN],
  ])('answers %s with %d and erases nothing', async (_, status, code, key) => {
    await request('/e', { s: 'acme', e: [event('kept-laptop', { t: 'pageview' })] })
    const { app, spool, warehouse } = await opened
    const response = await app.request('/api/v1/erase', {
      method: 'POST',
      body: JSON.stringify({ anonymous_id: 'kept-laptop' }),
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    })
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: { code } })
    if (status === 401) expect(response.headers.get('www-authenticate')).toBe('Bearer')
    await spool.drain()
    const [left] = await rows<{ n: string }>(
      warehouse,
      "SELECT count() AS n FROM leadhouse.events WHERE anonymous_id = 'kept-laptop'",
    )
    expect(Number(left?.n)).toBeGreaterThan(0)
  })
})

describe('an erasure while the spool cannot reach the warehouse', () => {
  it('answers 503 with Retry-After instead of erasing before the waiting events arrive', async () => {
    const { warehouse } = await opened
    const stuck = await Spool.open({
      dir: temporaryDataDir(),
      insert: async () => {
        throw new Error('injected: the warehouse refuses the spool')
      },
      flushIntervalMs: 60_000,
    })
    await stuck.append([['events', { email: ADA }]])
    const app = new Hono()
      .route(
        '/',
        eraseRoutes({
          warehouse,
          spool: () => stuck,
          models: createModelsScheduler(
            () => buildModels({ warehouse }),
            () => {},
          ),
          authorize: testAuthorize('admin'),
        }),
      )
      .onError(handleError)
    const response = await app.request('/api/v1/erase', {
      method: 'POST',
      body: JSON.stringify({ email: ADA }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    expect(await response.json()).toMatchObject({ error: { code: 'unavailable' } })
    await stuck.close()
  })
})

describe('an erasure on a ClickHouse cluster', () => {
  it('answers 501 naming the cluster, and runs nothing', async () => {
    const { warehouse } = await opened
    const commands: string[] = []
    const clustered = {
      ...warehouse,
      cluster: 'leadhouse_cluster',
      client: {
        command: async ({ query }: { query: string }) => commands.push(query),
        query: async () => {
          throw new Error('no query expected')
        },
      },
    } as unknown as typeof warehouse
    const app = new Hono()
      .route(
        '/',
        eraseRoutes({
          warehouse: clustered,
          spool: () => undefined,
          models: { exclusive: (run) => run() },
          authorize: testAuthorize('admin'),
        }),
      )
      .onError(handleError)
    const response = await app.request('/api/v1/erase', {
      method: 'POST',
      body: JSON.stringify({ email: ADA }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
    })
    expect(response.status).toBe(501)
    expect(await response.json()).toMatchObject({
      error: {
        code: 'not_supported_on_cluster',
        message: expect.stringContaining('leadhouse_cluster'),
      },
    })
    expect(commands).toEqual([])
  })
})
