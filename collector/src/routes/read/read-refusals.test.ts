/**
 * The read API's refusals and its answers before the first model build, on the real engine (no
 * marts yet): every parameter refused when malformed, with a 400 naming it; the read role
 * required; and empty answers, not errors, while the marts do not exist.
 */
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestApp, READ_TOKEN } from '../../test-app.js'
import { type ReadPath, readResponses } from './responses.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

const AS_READER = { authorization: `Bearer ${READ_TOKEN}` }

async function get(path: string, headers: Record<string, string> = AS_READER) {
  return (await opened).app.request(path, { headers })
}

const ENDPOINTS = [
  '/api/v1/meta',
  '/api/v1/overview',
  '/api/v1/timeseries',
  '/api/v1/funnel',
  '/api/v1/channels',
  '/api/v1/attribution/compare',
  '/api/v1/paths',
  '/api/v1/leads',
  '/api/v1/leads/detail?email=a@b.test',
  '/api/v1/cohorts',
  '/api/v1/activity',
]

/** Malformed values of the common filters: every view that takes them refuses each. */
const BAD_FILTERS: [string, string][] = [
  ['from', '2026-13-01'],
  ['from', '2026-02-30'],
  ['from', '01.10.2026'],
  ['from', '2026-10-1'],
  ['from', ''],
  ['to', 'yesterday'],
  ['to', '2026-10-01T00:00:00Z'],
  ['from', '1999-12-31'],
  ['to', '2100-01-01'],
  ['site', ''],
  ['site', 'a b'],
  ['site', 'x'.repeat(65)],
  ['site', '-acme'],
  ['channel', 'Paid Search'],
  ['channel', 'paid-search'],
  ['channel', ''],
  ['channel', 'x'.repeat(41)],
]

const VIEWS_WITH_FILTERS = [
  '/api/v1/overview',
  '/api/v1/timeseries',
  '/api/v1/funnel',
  '/api/v1/channels',
  '/api/v1/attribution/compare',
  '/api/v1/paths',
  '/api/v1/leads',
  '/api/v1/cohorts',
]

/** Each view's own parameters, malformed. */
const BAD_PARAMETERS: [string, string, string][] = [
  ['/api/v1/overview', 'model', 'linear_ish'],
  ['/api/v1/overview', 'model', 'LINEAR'],
  ['/api/v1/channels', 'model', ''],
  ['/api/v1/timeseries', 'model', 'markov2'],
  ['/api/v1/timeseries', 'interval', 'month'],
  ['/api/v1/timeseries', 'interval', ''],
  ['/api/v1/attribution/compare', 'conversion', 'subscriber'],
  ['/api/v1/attribution/compare', 'conversion', 'customers'],
  ['/api/v1/paths', 'conversion', 'deal'],
  ['/api/v1/paths', 'limit', '0'],
  ['/api/v1/paths', 'limit', '101'],
  ['/api/v1/paths', 'limit', '2.5'],
  ['/api/v1/paths', 'limit', 'ten'],
  ['/api/v1/leads', 'q', 'x'.repeat(201)],
  ['/api/v1/leads', 'stage', 'prospect'],
  ['/api/v1/leads', 'temperature', 'lukewarm'],
  ['/api/v1/leads', 'scoreMin', 'high'],
  ['/api/v1/leads', 'scoreMax', '1e9'],
  ['/api/v1/leads', 'sort', 'score desc'],
  ['/api/v1/leads', 'sort', 'last_activity_at'],
  ['/api/v1/leads', 'order', 'up'],
  ['/api/v1/leads', 'page', '0'],
  ['/api/v1/leads', 'page', '-1'],
  ['/api/v1/leads', 'page', '1.5'],
  ['/api/v1/leads', 'page', '100001'],
  ['/api/v1/leads', 'pageSize', '0'],
  ['/api/v1/leads', 'pageSize', '201'],
  ['/api/v1/leads', 'pageSize', 'all'],
  ['/api/v1/leads', 'format', 'xlsx'],
  ['/api/v1/leads/detail', 'email', 'nobody'],
  ['/api/v1/leads/detail', 'email', ''],
  ['/api/v1/leads/detail', 'email', `${'x'.repeat(320)}@b.test`],
  ['/api/v1/activity', 'limit', '1001'],
]

async function expectRefusal(path: string, field: string) {
  const response = await get(path)
  expect(response.status, path).toBe(400)
  const { error } = (await response.json()) as {
    error: { code: string; field: string; message: string }
  }
  expect(error.code, path).toBe('invalid_query')
  expect(error.field, path).toBe(field)
  expect(error.message, path).toMatch(new RegExp(`^${field}: `))
}

describe('the read API', () => {
  it('refuses every malformed common filter on every view, naming it', async () => {
    for (const view of VIEWS_WITH_FILTERS)
      for (const [name, value] of BAD_FILTERS)
        await expectRefusal(`${view}?${name}=${encodeURIComponent(value)}`, name)
  })

  it('refuses every malformed parameter of its own, naming it', async () => {
    for (const [view, name, value] of BAD_PARAMETERS)
      await expectRefusal(`${view}?${name}=${encodeURIComponent(value)}`, name)
  })

  it('refuses a period that ends before it starts, or spans more than three years', async () => {
    await expectRefusal('/api/v1/overview?from=2026-10-02&to=2026-10-01', 'from')
    await expectRefusal('/api/v1/funnel?from=2023-01-01&to=2026-01-01', 'to')
    expect((await get('/api/v1/funnel?from=2023-01-02&to=2026-01-01')).status).toBe(200)
  })

  it('refuses a score range whose minimum is above its maximum', async () => {
    await expectRefusal('/api/v1/leads?scoreMin=50&scoreMax=10', 'scoreMin')
  })

  it('asks for a credential on every endpoint', async () => {
    for (const path of ENDPOINTS) {
      expect((await get(path, {})).status, path).toBe(401)
      expect((await get(path, { authorization: 'Bearer nope' })).status, path).toBe(403)
    }
  })

  it('answers empty data, not errors, before the first model build', async () => {
    const answers: Record<string, unknown> = {}
    for (const path of ENDPOINTS) {
      const response = await get(
        path.includes('?') ? path : `${path}?from=2026-10-01&to=2026-10-07`,
      )
      answers[path] = response.status === 200 ? await response.json() : response.status
      // The empty answers too are what the OpenAPI document says (nulls where no data).
      if (response.status === 200) {
        const { zod } = readResponses[path.split('?')[0] as ReadPath]
        expect(zod.safeParse(answers[path]).error?.issues, path).toBeUndefined()
      }
    }
    expect(answers['/api/v1/meta']).toEqual({
      sites: ['acme', 'shop'],
      channels: [],
      models: [],
      currency: 'EUR',
      dataRange: null,
      builtAt: null,
    })
    expect(answers['/api/v1/overview']).toMatchObject({
      period: { from: '2026-10-01', to: '2026-10-07' },
      previousPeriod: { from: '2026-09-24', to: '2026-09-30' },
      current: { visitors: 0, newLeads: 0, spend: 0, cpl: null, roi: null },
    })
    expect(answers['/api/v1/timeseries']).toMatchObject({ interval: 'day' })
    expect((answers['/api/v1/timeseries'] as { points: unknown[] }).points).toHaveLength(7)
    expect(answers['/api/v1/channels']).toMatchObject({ channels: [], unmatchedSpend: 0 })
    expect(answers['/api/v1/attribution/compare']).toEqual({
      conversion: 'lead',
      models: [],
      rows: [],
    })
    expect(answers['/api/v1/paths']).toEqual({ conversion: 'lead', rows: [] })
    expect(answers['/api/v1/leads']).toEqual({ total: 0, page: 1, pageSize: 50, rows: [] })
    expect(answers['/api/v1/leads/detail?email=a@b.test']).toBe(404)
    expect(answers['/api/v1/cohorts']).toEqual({ rows: [] })
    expect(answers['/api/v1/activity']).toEqual({ rows: [] })
    const funnel = answers['/api/v1/funnel'] as { stages: { count: number }[]; byChannel: [] }
    expect(funnel.stages.map((stage) => stage.count)).toEqual([0, 0, 0, 0, 0, 0])
    expect(funnel.byChannel).toEqual([])
  })

  it('defaults the period to the 30 days up to today', async () => {
    const answer = (await (await get('/api/v1/overview')).json()) as {
      period: { from: string; to: string }
    }
    const today = new Date().toISOString().slice(0, 10)
    expect(answer.period.to).toBe(today)
    expect(Date.parse(answer.period.to) - Date.parse(answer.period.from)).toBe(29 * 86_400_000)
  })

  it('is described in the OpenAPI document with the parameters it validates', async () => {
    const document = (await (await get('/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; schema: object }[] } }>
    }
    for (const path of ENDPOINTS)
      expect(document.paths, path).toHaveProperty([path.split('?')[0] ?? path])
    const leads = document.paths['/api/v1/leads']?.get.parameters ?? []
    expect(leads.map((parameter) => parameter.name)).toEqual([
      'from',
      'to',
      'site',
      'channel',
      'q',
      'stage',
      'temperature',
      'scoreMin',
      'scoreMax',
      'sort',
      'order',
      'page',
      'pageSize',
      'format',
    ])
    expect(leads.find((parameter) => parameter.name === 'pageSize')?.schema).toMatchObject({
      minimum: 1,
      maximum: 200,
    })
  })

  it('answers any query string with 200, 400 or 404, never a 5xx', async () => {
    const names = ['from', 'to', 'site', 'channel', 'model', 'interval', 'conversion', 'limit']
    const leadNames = ['q', 'stage', 'temperature', 'scoreMin', 'scoreMax', 'sort', 'order']
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('2026-02-29', '2024-02-29', '0000-01-01', '9999-12-31', '1e400', '-0', ' '),
    )
    const query = fc.dictionary(
      fc.constantFrom(...names, ...leadNames, 'page', 'pageSize', 'format', 'email'),
      value,
      { maxKeys: 5 },
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), query, async (endpoint, params) => {
        const path = `${endpoint.split('?')[0]}?${new URLSearchParams(params)}`
        const response = await get(path)
        expect([200, 400, 404], path).toContain(response.status)
      }),
      { numRuns: 60, seed: 22 },
    )
  })
})
