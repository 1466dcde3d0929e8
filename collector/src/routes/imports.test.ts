import { rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestApp, READ_TOKEN, SECRET_KEY } from '../test-app.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

interface Answer {
  accepted?: number
  rejected?: { index?: number; line?: number; code: string; field: string; message: string }[]
  error?: { code: string; message: string; field?: string }
}

async function send(
  path: string,
  body: string,
  contentType = 'application/json',
  key: string | null = SECRET_KEY,
) {
  const { app } = await opened
  const response = await app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
  })
  return { status: response.status, json: (await response.json()) as Answer }
}

async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const { warehouse, spool } = await opened
  await spool.drain()
  return rows<T>(warehouse, sql)
}

describe('POST /api/v1/crm', () => {
  it('keeps the sales log, normalising emails, and replaces a record sent again', async () => {
    const records = [
      {
        id: 'hs-1',
        type: 'stage_change',
        occurred_at: '2026-11-02T10:00:00Z',
        email: 'Ada@Example.com',
        stage: 'sql',
      },
      {
        id: 'hs-2',
        type: 'deal',
        occurred_at: 1793613600000,
        email: 'ada@example.com',
        outcome: 'won',
        amount: 24000,
        currency: 'EUR',
        company: 'Engines Ltd',
        company_size: 250,
        country: 'DE',
      },
      {
        id: 'hs-3',
        type: 'sql_decision',
        occurred_at: '2026-11-03T09:30:00Z',
        email: 'bob@example.com',
        decision: 'rejected',
        notes: 'no budget this year',
      },
    ]
    expect(await send('/api/v1/crm', JSON.stringify({ records }))).toEqual({
      status: 202,
      json: { accepted: 3, rejected: [] },
    })
    await send(
      '/api/v1/crm',
      JSON.stringify({ records: [{ ...records[0], stage: 'opportunity' }] }),
    )
    expect(
      await query(
        "SELECT record_id, type, email, stage, decision, outcome, toString(amount) AS amount, currency, company_size, country FROM leadhouse.crm_events FINAL WHERE record_id LIKE 'hs-%' ORDER BY record_id",
      ),
    ).toEqual([
      {
        record_id: 'hs-1',
        type: 'stage_change',
        email: 'ada@example.com',
        stage: 'opportunity',
        decision: '',
        outcome: '',
        amount: '0',
        currency: '',
        company_size: null,
        country: '',
      },
      {
        record_id: 'hs-2',
        type: 'deal',
        email: 'ada@example.com',
        stage: '',
        decision: '',
        outcome: 'won',
        amount: '24000',
        currency: 'EUR',
        company_size: 250,
        country: 'DE',
      },
      {
        record_id: 'hs-3',
        type: 'sql_decision',
        email: 'bob@example.com',
        stage: '',
        decision: 'rejected',
        outcome: '',
        amount: '0',
        currency: '',
        company_size: null,
        country: '',
      },
    ])
  })

  it('refuses bad records by position and field, keeps the good ones and the refusals', async () => {
    const good = {
      id: 'ok-1',
      type: 'call',
      occurred_at: '2026-11-04T08:00:00Z',
      email: 'carol@example.com',
    }
    const bad = [
      {
        id: 'bad-1',
        type: 'deal',
        occurred_at: '2026-11-04T08:00:00Z',
        email: 'carol@example.com',
        amount: 10,
        currency: 'EUR',
      },
      { id: 'bad-2', type: 'call', occurred_at: 'yesterday', email: 'carol@example.com' },
      {
        id: 'bad-3',
        type: 'call',
        occurred_at: '2026-11-04T08:00:00Z',
        email: 'carol@example.com',
        colour: 'blue',
      },
      { id: 'bad-4', type: 'meeting', occurred_at: '2026-11-04T08:00:00Z', email: 'not an email' },
    ]
    const { status, json } = await send('/api/v1/crm', JSON.stringify({ records: [good, ...bad] }))
    expect(status).toBe(202)
    expect(json.accepted).toBe(1)
    expect(json.rejected?.map((r) => [r.index, r.field, r.message])).toEqual([
      [1, 'records[1].outcome', 'records[1].outcome: is required for a deal'],
      [
        2,
        'records[2].occurred_at',
        'records[2].occurred_at: must be an ISO 8601 date-time such as 2026-11-23T10:00:00Z, or milliseconds since the epoch',
      ],
      [3, 'records[3]', expect.stringContaining('colour')],
      [4, 'records[4].email', 'records[4].email: must be an email address'],
    ])
    const kept = await query<{ n: string }>(
      "SELECT count() AS n FROM leadhouse.rejected_events WHERE endpoint = '/api/v1/crm' AND code = 'invalid_record'",
    )
    expect(Number(kept[0]?.n)).toBeGreaterThanOrEqual(4)
  })

  it('answers 400 when nothing is valid, and needs the secret key', async () => {
    expect((await send('/api/v1/crm', JSON.stringify({ records: [{ id: 'x' }] }))).status).toBe(400)
    expect((await send('/api/v1/crm', JSON.stringify({ rows: [] }))).json.error).toMatchObject({
      code: 'invalid_body',
      field: 'records',
    })
    expect((await send('/api/v1/crm', '{', 'application/json')).json.error?.code).toBe(
      'invalid_json',
    )
    expect(
      (await send('/api/v1/crm', JSON.stringify({ records: [] }), 'application/json', null)).status,
    ).toBe(401)
    expect(
      (
        await send(
          '/api/v1/crm',
          JSON.stringify({ records: [] }),
          'application/json',
          'sk_wrong_0123456789abc',
        )
      ).status,
    ).toBe(403)
  })

  it('imports CSV with attributes columns, naming refused lines', async () => {
    const csv = [
      'id,type,occurred_at,email,stage,attributes.region,attributes.source',
      'csv-1,stage_change,2026-11-05T10:00:00Z,dan@example.com,mql,EMEA,trade fair',
      'csv-2,stage_change,2026-11-05T11:00:00Z,dan@example.com,,,',
      'csv-3,meeting,2026-11-05T12:00:00Z,erin@example.com,,,',
    ].join('\n')
    const { status, json } = await send('/api/v1/crm/csv', csv, 'text/csv')
    expect(status).toBe(202)
    expect(json.accepted).toBe(2)
    expect(json.rejected).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'stage',
        message: 'line 3: stage: is required for a stage_change',
      }),
    ])
    const [row] = await query<{ attributes: Record<string, string> }>(
      "SELECT attributes FROM leadhouse.crm_events WHERE record_id = 'csv-1'",
    )
    expect(row?.attributes).toEqual({ region: 'EMEA', source: 'trade fair' })
  })
})

describe('POST /api/v1/costs', () => {
  it('imports spend from CSV, line by line, replacing a day sent again', async () => {
    const csv = (cost: string) =>
      [
        'day,channel,source,medium,campaign,cost,currency,clicks',
        `2026-11-01,paid_search,google,cpc,q4-launch,${cost},EUR,310`,
        '2026-11-01,paid_social,linkedin,cpc,q4-launch,abc,EUR,95',
        '2026-11-01,billboards,,,q4-launch,500,EUR,',
        '2026-11-31,email,newsletter,email,q4-launch,0,EUR,',
      ].join('\r\n')
    const { status, json } = await send('/api/v1/costs/csv', csv('1250.50'), 'text/csv')
    expect(status).toBe(202)
    expect(json.accepted).toBe(1)
    expect(json.rejected?.map((r) => [r.line, r.field])).toEqual([
      [3, 'cost'],
      [4, 'channel'],
      [5, 'day'],
    ])
    await send('/api/v1/costs/csv', csv('1300'), 'text/csv')
    expect(
      await query(
        "SELECT channel, campaign, toString(cost) AS cost, clicks FROM leadhouse.campaign_costs FINAL WHERE campaign = 'q4-launch'",
      ),
    ).toEqual([{ channel: 'paid_search', campaign: 'q4-launch', cost: '1300', clicks: '310' }])
  })

  it.each([
    [
      '/api/v1/costs',
      'application/json',
      JSON.stringify({
        costs: [
          {
            day: '2026-11-03',
            channel: 'display',
            campaign: 'keyless-json',
            cost: 80,
            currency: 'EUR',
          },
        ],
      }),
    ],
    [
      '/api/v1/costs/csv',
      'text/csv',
      'day,channel,campaign,cost,currency\n2026-11-03,display,keyless-csv,80,EUR',
    ],
  ])(
    'POST %s needs the secret key: 401 without one, 403 with a wrong one, keeping nothing',
    async (path, type, body) => {
      const campaign = path.endsWith('/csv') ? 'keyless-csv' : 'keyless-json'
      const refusals = [
        [null, 401, 'unauthorized'],
        ['sk_wrong_0123456789abcdef', 403, 'forbidden'],
        [READ_TOKEN, 403, 'forbidden'],
      ] as const
      for (const [key, status, code] of refusals) {
        const answer = await send(path, body, type, key)
        expect(answer.status).toBe(status)
        expect(answer.json.error?.code).toBe(code)
      }
      const stored = () =>
        query(`SELECT campaign FROM leadhouse.campaign_costs WHERE campaign = '${campaign}'`)
      expect(await stored()).toEqual([])
      expect(
        await query(
          `SELECT count() AS n FROM leadhouse.rejected_events WHERE position(payload, '${campaign}') > 0`,
        ),
      ).toEqual([{ n: '0' }])
      // The same request with the key is taken: the refusals above were for the key alone.
      expect((await send(path, body, type)).status).toBe(202)
      expect(await stored()).toEqual([{ campaign }])
    },
  )

  it('takes JSON too, and refuses a CSV it cannot read', async () => {
    const costs = [
      { day: '2026-11-02', channel: 'display', campaign: 'retargeting', cost: 80, currency: 'EUR' },
    ]
    expect((await send('/api/v1/costs', JSON.stringify({ costs }))).json.accepted).toBe(1)
    const broken = await send('/api/v1/costs/csv', 'day,channel\n"2026-11-02,display', 'text/csv')
    expect(broken.status).toBe(400)
    expect(broken.json.error?.code).toBe('invalid_csv')
  })

  it('refuses a __proto__ column, which would vanish from the record unreported', async () => {
    for (const column of ['__proto__', 'attributes.__proto__']) {
      const csv = `id,type,occurred_at,email,${column}\nr-proto,call,0,ada@example.com,x\n`
      const answer = await send('/api/v1/crm/csv', csv, 'text/csv')
      expect(answer).toEqual({
        status: 400,
        json: {
          error: {
            code: 'invalid_csv',
            message: `not readable as CSV: column "${column}": the name "__proto__" is not allowed`,
          },
        },
      })
    }
    const kept = await query<{ code: string }>(
      "SELECT code FROM leadhouse.rejected_events WHERE payload LIKE '%r-proto%'",
    )
    expect(kept).toEqual([{ code: 'invalid_csv' }, { code: 'invalid_csv' }])
  })
})
