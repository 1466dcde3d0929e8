/**
 * The sales feedback endpoints on the real engine: who may call them, what they refuse (naming
 * the field), that a decision writes what the CRM API writes for the same decision, that the
 * session cookie needs the collector's own page, and the MQL queue on hand-made marts.
 */
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, keysFile } from '../access/keys.js'
import { openTestApp, READ_TOKEN, SECRET_KEY } from '../test-app.js'

const stateDir = temporaryDataDir()
const anna = createKey(keysFile(stateDir), 'sales', 'Anna Berger').key
const opened = openTestApp({ stateDir })
afterAll(async () => (await opened).close())

const AS_ANNA = { authorization: `Bearer ${anna}` }

async function post(body: unknown, headers: Record<string, string> = AS_ANNA) {
  const { app } = await opened
  const response = await app.request('http://localhost/api/v1/leads/decision', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by shape.
  return { status: response.status, json: (await response.json()) as any }
}

async function query<T = Record<string, unknown>>(sql: string, params = {}): Promise<T[]> {
  const { warehouse, spool } = await opened
  await spool.drain()
  return rows<T>(warehouse, sql, params)
}

/** The columns the models read of a sales-log record (not its id or times). */
const COLUMNS =
  "type, email, stage, decision, outcome, owner, notes, attributes['reason'] AS reason"

describe('POST /api/v1/leads/decision', () => {
  it('refuses bad input with a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ decision: 'accept' }, 'email'],
      [{ email: 'not-an-email', decision: 'accept' }, 'email'],
      [{ email: 'a@b.test', decision: 'promote' }, 'decision'],
      [{ email: 'a@b.test', decision: 'reject' }, 'reason'],
      [{ email: 'a@b.test', decision: 'reject', reason: 'too rich' }, 'reason'],
      [{ email: 'a@b.test', decision: 'accept', reason: 'no_budget' }, 'reason'],
      [{ email: 'a@b.test', decision: 'reassign' }, 'owner'],
      [{ email: 'a@b.test', decision: 'reassign', owner: '  ' }, 'owner'],
      [{ email: 'a@b.test', decision: 'accept', actor: 'someone else' }, ''],
    ]
    for (const [body, field] of cases) {
      const { status, json } = await post(body)
      expect(status, JSON.stringify(body)).toBe(400)
      expect(json.error.field, JSON.stringify(body)).toBe(field)
      if (field) expect(json.error.message, JSON.stringify(body)).toContain(field)
    }
    expect((await post('not json')).status).toBe(400)
  })

  it('lets sales and admin keys decide, not read keys', async () => {
    const body = { email: 'roles@b.test', decision: 'accept' }
    expect((await post(body, { authorization: `Bearer ${READ_TOKEN}` })).status).toBe(403)
    expect((await post(body, { authorization: `Bearer ${SECRET_KEY}` })).status).toBe(202)
    expect((await post(body)).status).toBe(202)
  })

  it('writes the records the CRM API writes for the same decisions, the actor being the key name', async () => {
    const decided = [
      await post({ email: 'Ada@Example.test', decision: 'accept' }),
      await post({ email: 'bob@example.test', decision: 'reject', reason: 'no_budget' }),
      await post({ email: 'cy@example.test', decision: 'reassign', owner: 'Ben Ott' }),
    ]
    for (const answer of decided) {
      expect(answer.status).toBe(202)
      expect(answer.json).toMatchObject({
        accepted: 1,
        recordId: expect.stringMatching(/^lh-decision-/),
      })
    }
    const crm = [
      {
        id: 'crm-ada',
        type: 'sql_decision',
        decision: 'accepted',
        email: 'ada@example.test',
        owner: 'Anna Berger',
      },
      {
        id: 'crm-bob',
        type: 'sql_decision',
        decision: 'rejected',
        email: 'bob@example.test',
        notes: 'rejected: no_budget',
        attributes: { reason: 'no_budget' },
      },
      { id: 'crm-cy', type: 'owner_change', email: 'cy@example.test', owner: 'Ben Ott' },
    ].map((record) => ({ ...record, occurred_at: Date.now() }))
    const { app } = await opened
    const sent = await app.request('http://localhost/api/v1/crm', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
      body: JSON.stringify({ records: crm }),
    })
    expect(sent.status).toBe(202)
    const ids = decided.map((answer) => answer.json.recordId as string)
    const fromDashboard = await query(
      `SELECT ${COLUMNS} FROM leadhouse.crm_events WHERE record_id IN {ids: Array(String)} ORDER BY email`,
      { ids },
    )
    const fromCrm = await query(
      `SELECT ${COLUMNS} FROM leadhouse.crm_events WHERE record_id LIKE 'crm-%' ORDER BY email`,
    )
    expect(fromDashboard).toEqual(fromCrm)
    expect(fromDashboard.map((row) => row.reason)).toEqual(['', 'no_budget', ''])
    const actors = await query<{ actor: string; via: string }>(
      "SELECT attributes['actor'] AS actor, attributes['via'] AS via FROM leadhouse.crm_events WHERE record_id IN {ids: Array(String)}",
      { ids },
    )
    expect(actors).toEqual(ids.map(() => ({ actor: 'Anna Berger', via: 'dashboard' })))
  })

  it('takes the session cookie only from the collector own pages', async () => {
    const { app } = await opened
    const login = await app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ key: anna }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    expect(cookie).toMatch(/=/)
    const body = { email: 'csrf@b.test', decision: 'accept' }
    const refused = await post(body, { cookie, origin: 'http://evil.test' })
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('cross_site')
    expect((await post(body, { cookie })).status).toBe(403)
    expect((await post(body, { cookie, origin: 'http://localhost' })).status).toBe(202)
    const me = await app.request('http://localhost/api/v1/me', { headers: { cookie } })
    expect(await me.json()).toEqual({ role: 'sales', name: 'Anna Berger' })
  })
})

describe('GET /api/v1/queue', () => {
  beforeAll(async () => {
    const { warehouse } = await opened
    // Hand-made marts with the columns the queue reads: the read API reads them by name.
    for (const statement of [
      `CREATE TABLE leadhouse.leads (email String, name String, company String, score Float64,
         temperature String, traffic_light String, first_touch_channel String, current_stage String,
         current_stage_entered_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY email`,
      `CREATE TABLE leadhouse.activity_log (email String, person_key String, source String,
         owner String, ts DateTime64(3, 'UTC'), seq UInt32) ENGINE = MergeTree ORDER BY email`,
      `INSERT INTO leadhouse.leads VALUES
         ('q1@x.test', 'Q One', 'Acme', 80, 'hot', 'green', 'paid_search', 'mql', '2026-11-01 10:00:00'),
         ('q2@x.test', '', '', 60, 'warm', 'yellow', '(none)', 'mql', '2026-11-02 10:00:00'),
         ('q3@x.test', 'Q Three', '', 70, 'warm', 'yellow', 'email', 'mql', '2026-11-03 10:00:00'),
         ('q4@x.test', 'Q Four', '', 90, 'hot', 'green', 'email', 'sql', '2026-11-04 10:00:00'),
         ('q5@x.test', 'Q Five', '', 50, 'warm', 'yellow', 'email', 'mql', '2026-11-05 10:00:00')`,
      `INSERT INTO leadhouse.activity_log VALUES
         ('q1@x.test', 'lead:q1@x.test', 'sales', 'Anna Berger', '2026-11-01 11:00:00', 1),
         ('q3@x.test', 'lead:q3@x.test', 'sales', 'Anna Berger', '2026-11-03 11:00:00', 1),
         ('q3@x.test', 'lead:q3@x.test', 'sales', 'Ben Ott', '2026-11-03 12:00:00', 2)`,
    ])
      await warehouse.client.command({ query: statement })
    // q5 was decided (here, before the next build moved it on); q2's decision is older than its MQL.
    const { app } = await opened
    await app.request('http://localhost/api/v1/crm', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
      body: JSON.stringify({
        records: [
          {
            id: 'old',
            type: 'sql_decision',
            decision: 'rejected',
            email: 'q2@x.test',
            occurred_at: '2026-10-01T00:00:00Z',
          },
        ],
      }),
    })
    expect((await post({ email: 'q5@x.test', decision: 'accept' })).status).toBe(202)
    await (await opened).spool.drain()
  })

  async function queue(params: string, headers: Record<string, string> = AS_ANNA) {
    const { app } = await opened
    const response = await app.request(`http://localhost/api/v1/queue${params}`, { headers })
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked by shape.
    return { status: response.status, json: (await response.json()) as any }
  }

  it('lists the undecided MQLs, oldest first, with their owners', async () => {
    const { status, json } = await queue('')
    expect(status).toBe(200)
    expect(json.total).toBe(3)
    expect(
      json.rows.map((row: { email: string; owner: string | null }) => [row.email, row.owner]),
    ).toEqual([
      ['q1@x.test', 'Anna Berger'],
      ['q2@x.test', null],
      ['q3@x.test', 'Ben Ott'],
    ])
    expect(json.rows[0]).toEqual({
      email: 'q1@x.test',
      name: 'Q One',
      company: 'Acme',
      score: 80,
      temperature: 'hot',
      trafficLight: 'green',
      owner: 'Anna Berger',
      mqlAt: '2026-11-01T10:00:00.000Z',
      firstTouchChannel: 'paid_search',
    })
    expect(json.rows[1]).toMatchObject({ name: null, company: null, firstTouchChannel: null })
  })

  it('filters to the caller with mine=1, pages, and refuses bad parameters', async () => {
    expect((await queue('?mine=1')).json.rows.map((row: { email: string }) => row.email)).toEqual([
      'q1@x.test',
    ])
    const second = await queue('?page=2&pageSize=2')
    expect(second.json).toMatchObject({ total: 3, page: 2, pageSize: 2 })
    expect(second.json.rows.map((row: { email: string }) => row.email)).toEqual(['q3@x.test'])
    expect((await queue('?page=9&pageSize=2')).json).toMatchObject({ total: 3, rows: [] })
    const bad = await queue('?mine=yes')
    expect(bad.status).toBe(400)
    expect(bad.json.error.field).toBe('mine')
    expect((await queue('', { authorization: `Bearer ${READ_TOKEN}` })).status).toBe(403)
    expect((await queue('?mine=1', { authorization: `Bearer ${SECRET_KEY}` })).status).toBe(200)
  })
})
