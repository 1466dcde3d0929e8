/**
 * The read API on marts built from generated journeys (20 k events, August to October 2026) and
 * a few hand-made rows on a second site, on the real engine: each endpoint's numbers equal a
 * direct query of the marts, computed here independently; filters narrow; sorting, paging and
 * CSV agree with the JSON; SQL-looking values change nothing; every JSON answer is what the
 * OpenAPI document's schema of it says, strictly. One build for the file.
 */
import { generate } from '@leadhouse/generate'
import { buildModels } from '@leadhouse/models'
import { rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AS_ADMIN, openTestApp, READ_TOKEN } from '../../test-app.js'
import { type ReadPath, readResponses } from './responses.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

const AS_READER = { authorization: `Bearer ${READ_TOKEN}` }
const PERIOD = 'from=2026-08-01&to=2026-10-31'
/** Someone whose CRM name a spreadsheet would run as a formula. */
const FORMULA = 'formula@beta.test'

async function get(path: string, headers: Record<string, string> = {}) {
  const app = (await opened).app
  return app.request(path, { headers: { ...AS_READER, ...headers } })
}

/** The answer, after it passed the document's schema of it (strict: no field it does not name). */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field against SQL.
async function json(path: string, headers: Record<string, string> = {}): Promise<any> {
  const response = await get(path, headers)
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200)
  const answer = await response.json()
  const described = readResponses[new URL(path, 'http://x').pathname as ReadPath]
  expect(described, `${path} has an answer schema`).toBeDefined()
  const checked = described.zod.safeParse(answer)
  expect(checked.error?.issues, path).toBeUndefined()
  return answer
}

/** A query of the marts, numbers as numbers. */
async function sql<T = Record<string, number>>(
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const found = await rows<Record<string, unknown>>((await opened).warehouse, query, params)
  return found.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value,
      ]),
    ),
  ) as T[]
}

const close = (value: number) => Math.round(value * 1e4) / 1e4

function pageview(site: string, anonymousId: string, at: string, extra: object = {}) {
  const ts = `${at}.000`
  return {
    event_id: crypto.randomUUID(),
    site_id: site,
    type: 'pageview',
    ts,
    client_ts: ts,
    received_at: ts,
    anonymous_id: anonymousId,
    url: 'https://beta.test/',
    path: '/',
    browser: 'Chrome',
    os: 'Mac OS',
    device: 'desktop',
    ...extra,
  }
}

beforeAll(async () => {
  const { warehouse } = await opened
  await generate(warehouse, { events: 20_000, seed: 1 })
  await warehouse.client.insert({
    table: 'leadhouse.events',
    format: 'JSONEachRow',
    values: [
      pageview('beta', 'beta-1', '2026-09-10 10:00:00', {
        utm_source: 'google',
        utm_medium: 'cpc',
      }),
      pageview('beta', 'beta-1', '2026-09-10 10:02:00', {
        type: 'identify',
        path: '/contact',
        email: FORMULA,
      }),
      pageview('beta', 'beta-2', '2026-09-11 10:00:00'),
    ],
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    format: 'JSONEachRow',
    values: [
      {
        record_id: 'beta-contact',
        type: 'contact',
        occurred_at: '2026-09-10 11:00:00.000',
        received_at: '2026-09-10 11:00:00.000',
        email: FORMULA,
        name: '=HYPERLINK("https://evil.test","x")',
        company: '+Beta, "Quoted" Ltd',
      },
      // The owner is the salesperson of the sales log (a contact record is no entry of it).
      {
        record_id: 'beta-call',
        type: 'call',
        occurred_at: '2026-09-12 11:00:00.000',
        received_at: '2026-09-12 11:00:00.000',
        email: FORMULA,
        owner: '@owner',
      },
    ],
  })
  const result = await buildModels({ warehouse })
  expect(result.results.filter((node) => !['success', 'pass'].includes(node.status))).toEqual([])
}, 120_000)

describe('GET /api/v1/meta', () => {
  it('offers the sites, channels and models the marts hold, the data range and the build', async () => {
    const meta = await json('/api/v1/meta')
    expect(meta.sites).toEqual(['acme', 'shop', 'beta'])
    const channels = await sql<{ channel: string }>(
      'SELECT DISTINCT channel FROM leadhouse.touchpoints ORDER BY channel',
    )
    expect(meta.channels).toEqual(channels.map((row) => row.channel))
    expect(meta.models).toEqual([
      'first_touch',
      'last_touch',
      'last_non_direct',
      'linear',
      'time_decay',
      'position_based',
      'w_shaped',
      'full_path',
      'markov',
      'shapley',
    ])
    const [range] = await sql<{ first: string; last: string }>(
      'SELECT toString(min(day)) AS first, toString(max(day)) AS last FROM leadhouse.kpi_daily',
    )
    expect(meta.dataRange).toEqual({ from: range?.first, to: range?.last })
    expect(meta.currency).toBe('EUR')
    expect(Date.now() - Date.parse(meta.builtAt)).toBeLessThan(10 * 60_000)
  })
})

describe('GET /api/v1/overview', () => {
  it('counts conversions, visitors and whole months of money as the marts do', async () => {
    const overview = await json(`/api/v1/overview?${PERIOD}`)
    const [counts] = await sql(
      `SELECT countIf(conversion = 'lead') AS leads, countIf(conversion = 'mql') AS mqls,
         countIf(conversion = 'sql') AS sqls,
         countIf(conversion = 'customer' AND conversion_number = 1) AS customers
       FROM leadhouse.conversions
       WHERE converted_at >= '2026-08-01' AND converted_at < '2026-11-01'`,
    )
    const [people] = await sql(
      `SELECT uniqExact(if(email != '', email, anonymous_id)) AS visitors FROM leadhouse.touchpoints
       WHERE ts >= '2026-08-01' AND ts < '2026-11-01'`,
    )
    const [money] = await sql(
      `SELECT sum(spend) AS spend, sum(revenue) AS revenue, sum(new_customer_gross_margin) AS margin
       FROM leadhouse.channel_kpis
       WHERE model = 'linear' AND month BETWEEN '2026-08-01' AND '2026-10-01'`,
    )
    const current = overview.current
    expect(current.newLeads).toBe(counts?.leads)
    expect(current.mqls).toBe(counts?.mqls)
    expect(current.sqls).toBe(counts?.sqls)
    expect(current.customers).toBe(counts?.customers)
    expect(current.visitors).toBe(people?.visitors)
    expect(current.spend).toBeCloseTo(money?.spend ?? Number.NaN, 2)
    expect(current.revenue).toBeCloseTo(money?.revenue ?? Number.NaN, 2)
    expect(close(current.cpl)).toBe(close(current.spend / current.newLeads))
    expect(close(current.roi)).toBe(close(((money?.margin ?? 0) - current.spend) / current.spend))
    expect(current.visitorToLeadRate).toBeCloseTo(current.newLeads / current.visitors, 10)
    expect(overview.previousPeriod).toEqual({ from: '2026-05-01', to: '2026-07-31' })
    expect(overview.previous.newLeads).toBe(0)
    expect(overview.previous.cpl).toBeNull()
  })

  it('takes a part of a month pro rata of its days', async () => {
    const overview = await json('/api/v1/overview?from=2026-09-21&to=2026-10-10&model=first_touch')
    const months = await sql<{ month: string; spend: number }>(
      `SELECT toString(month) AS month, sum(spend) AS spend FROM leadhouse.channel_kpis
       WHERE model = 'first_touch' AND month IN ('2026-09-01', '2026-10-01') GROUP BY month`,
    )
    const byMonth = Object.fromEntries(months.map((row) => [row.month, row.spend]))
    const expected =
      ((byMonth['2026-09-01'] ?? 0) * 10) / 30 + ((byMonth['2026-10-01'] ?? 0) * 10) / 31
    expect(overview.current.spend).toBeCloseTo(expected, 1)
    expect(overview.model).toBe('first_touch')
    // The period before: the 20 days of September up to the 20th.
    expect(overview.previousPeriod).toEqual({ from: '2026-09-01', to: '2026-09-20' })
    expect(overview.previous.spend).toBeCloseTo(((byMonth['2026-09-01'] ?? 0) * 20) / 30, 1)
    const [before] = await sql(
      `SELECT countIf(conversion = 'lead') AS leads FROM leadhouse.conversions
       WHERE converted_at >= '2026-09-01' AND converted_at < '2026-09-21'`,
    )
    expect(overview.previous.newLeads).toBe(before?.leads)
  })

  it('narrows to a channel by the model’s credit, and to a site', async () => {
    const [credited] = await sql(
      `SELECT sumIf(credit, conversion = 'lead') AS leads FROM leadhouse.attribution
       WHERE model = 'last_touch' AND channel = 'paid_search'
         AND converted_at >= '2026-08-01' AND converted_at < '2026-11-01'`,
    )
    const all = await json(`/api/v1/overview?${PERIOD}`)
    const paid = await json(`/api/v1/overview?${PERIOD}&channel=paid_search&model=last_touch`)
    expect(paid.current.newLeads).toBeCloseTo(credited?.leads ?? Number.NaN, 6)
    expect(paid.current.newLeads).toBeLessThan(all.current.newLeads)
    expect(paid.current.visitors).toBeLessThan(all.current.visitors)
    // Each conversion's credits add up to 1: the channels' shares add up to the whole.
    const { channels } = await json('/api/v1/meta')
    let leads = 0
    let customers = 0
    for (const channel of [...channels, '(none)']) {
      const one = await json(`/api/v1/overview?${PERIOD}&channel=${encodeURIComponent(channel)}`)
      leads += one.current.newLeads
      customers += one.current.customers
    }
    expect(close(leads)).toBe(all.current.newLeads)
    expect(close(customers)).toBe(all.current.customers)
    const beta = await json(`/api/v1/overview?${PERIOD}&site=beta`)
    expect(beta.current.visitors).toBe(2)
    expect(beta.current.newLeads).toBe(1)
  })
})

describe('GET /api/v1/timeseries', () => {
  it('gives every day, zero-filled, adding up to the overview', async () => {
    const series = await json(`/api/v1/timeseries?${PERIOD}`)
    const overview = await json(`/api/v1/overview?${PERIOD}`)
    expect(series.points).toHaveLength(92)
    expect(series.points[0].date).toBe('2026-08-01')
    // biome-ignore lint/suspicious/noExplicitAny: a point of the answer
    const sum = (key: string) => series.points.reduce((total: number, p: any) => total + p[key], 0)
    expect(close(sum('leads'))).toBe(overview.current.newLeads)
    expect(close(sum('mqls'))).toBe(overview.current.mqls)
    expect(close(sum('customers'))).toBe(overview.current.customers)
    const [day] = await sql(
      `SELECT count() AS leads FROM leadhouse.conversions
       WHERE conversion = 'lead' AND toDate(converted_at) = '2026-09-15'`,
    )
    // biome-ignore lint/suspicious/noExplicitAny: a point of the answer
    expect(series.points.find((p: any) => p.date === '2026-09-15').leads).toBe(day?.leads)
  })

  it('groups by ISO week, each point its Monday', async () => {
    const series = await json(`/api/v1/timeseries?${PERIOD}&interval=week`)
    expect(series.points[0].date).toBe('2026-07-27')
    expect(series.points.at(-1).date).toBe('2026-10-26')
    expect(series.points).toHaveLength(14)
  })
})

describe('GET /api/v1/funnel', () => {
  it('equals the funnel mart over whole months, in total and by first-touch channel', async () => {
    const funnel = await json(`/api/v1/funnel?${PERIOD}`)
    const marts = await sql<Record<string, number> & { first_touch_channel: string }>(
      `SELECT first_touch_channel, sum(leads) AS leads, sum(mqls) AS mqls, sum(sqls) AS sqls,
         sum(opportunities) AS opportunities, sum(customers) AS customers
       FROM leadhouse.funnel WHERE month BETWEEN '2026-08-01' AND '2026-10-01'
       GROUP BY first_touch_channel`,
    )
    // biome-ignore lint/suspicious/noExplicitAny: stages of the answer
    const counts = (stages: any[]) => stages.map((stage) => stage.count)
    const expected = (row: Record<string, number> | undefined) => [
      row?.leads,
      row?.leads,
      row?.mqls,
      row?.sqls,
      row?.opportunities,
      row?.customers,
    ]
    expect(counts(funnel.stages)).toEqual(
      expected(marts.find((row) => row.first_touch_channel === 'all')),
    )
    for (const split of funnel.byChannel)
      expect(counts(split.stages), split.channel).toEqual(
        expected(marts.find((row) => row.first_touch_channel === split.channel)),
      )
    const mql = funnel.stages[2]
    expect(mql.rateFromPrevious).toBeCloseTo(mql.count / funnel.stages[1].count, 10)
    expect(funnel.stages[0].rateFromPrevious).toBeNull()
  })

  it('narrows to a first-touch channel', async () => {
    const funnel = await json(`/api/v1/funnel?${PERIOD}&channel=organic_search`)
    expect(funnel.byChannel.map((split: { channel: string }) => split.channel)).toEqual([
      'organic_search',
    ])
    expect(funnel.stages).toEqual(funnel.byChannel[0].stages)
  })
})

describe('GET /api/v1/channels', () => {
  it('sums channel_kpis per channel and campaign for the model, sorted by spend', async () => {
    const answer = await json(`/api/v1/channels?${PERIOD}&model=w_shaped`)
    const expected = await sql<{ channel: string; spend: number; leads: number }>(
      `SELECT channel, sum(spend) AS spend, sum(leads) AS leads, sum(customers) AS customers
       FROM leadhouse.channel_kpis
       WHERE model = 'w_shaped' AND month BETWEEN '2026-08-01' AND '2026-10-01'
       GROUP BY channel HAVING spend != 0 OR leads != 0`,
    )
    for (const row of expected) {
      const found = answer.channels.find((c: { channel: string }) => c.channel === row.channel)
      expect(found?.spend, row.channel).toBeCloseTo(row.spend, 1)
      expect(found?.leads, row.channel).toBeCloseTo(row.leads, 5)
      // biome-ignore lint/suspicious/noExplicitAny: campaign rows of the answer
      const campaignSpend = found.campaigns.reduce((t: number, c: any) => t + c.spend, 0)
      expect(campaignSpend).toBeCloseTo(found.spend, 1)
    }
    const spends = answer.channels.map((c: { spend: number }) => c.spend)
    expect(spends).toEqual([...spends].sort((a, b) => b - a))
    expect(answer.unmatchedSpend).toBeGreaterThanOrEqual(0)
  })
})

describe('GET /api/v1/attribution/compare and /api/v1/paths', () => {
  it('gives each model’s credit per channel, every model’s column adding up to the conversions', async () => {
    const answer = await json(`/api/v1/attribution/compare?${PERIOD}&conversion=mql`)
    const [total] = await sql(
      `SELECT count() AS n FROM leadhouse.conversions WHERE conversion = 'mql'
       AND converted_at >= '2026-08-01' AND converted_at < '2026-11-01'`,
    )
    expect(answer.models).toHaveLength(10)
    for (const model of answer.models) {
      const sum = answer.rows.reduce(
        (t: number, row: { credits: Record<string, number> }) => t + (row.credits[model] ?? 0),
        0,
      )
      expect(close(sum), model).toBe(total?.n)
    }
  })

  it('ranks the paths by conversions, with their share', async () => {
    const answer = await json(`/api/v1/paths?${PERIOD}&conversion=lead&limit=5`)
    expect(answer.rows).toHaveLength(5)
    const top = await sql<{ n: number; total: number }>(
      `SELECT count() AS n, any(total) AS total FROM leadhouse.attribution_paths
       CROSS JOIN (SELECT count() AS total FROM leadhouse.attribution_paths WHERE conversion = 'lead'
         AND converted_at >= '2026-08-01' AND converted_at < '2026-11-01') AS t
       WHERE conversion = 'lead' AND converted_at >= '2026-08-01' AND converted_at < '2026-11-01'
       GROUP BY channel_path ORDER BY n DESC LIMIT 1`,
    )
    expect(answer.rows[0].conversions).toBe(top[0]?.n)
    expect(answer.rows[0].share).toBeCloseTo((top[0]?.n ?? 0) / (top[0]?.total ?? 1), 10)
  })
})

describe('GET /api/v1/leads', () => {
  it('pages through the leads sorted by score, counting them all', async () => {
    const first = await json('/api/v1/leads?pageSize=20')
    const second = await json('/api/v1/leads?pageSize=20&page=2')
    const expected = await sql<{ email: string }>(
      'SELECT email FROM leadhouse.leads ORDER BY score DESC, email LIMIT 40',
    )
    const [count] = await sql('SELECT count() AS n FROM leadhouse.leads')
    expect(first.total).toBe(count?.n)
    expect([...first.rows, ...second.rows].map((row: { email: string }) => row.email)).toEqual(
      expected.map((row) => row.email),
    )
  })

  it('filters by temperature, score range, stage, channel and search, and sorts ascending', async () => {
    const hot = await json('/api/v1/leads?temperature=hot&pageSize=200')
    const [hotCount] = await sql(
      "SELECT count() AS n FROM leadhouse.leads WHERE temperature = 'hot'",
    )
    expect(hot.total).toBe(hotCount?.n)
    expect(hot.rows.every((row: { temperature: string }) => row.temperature === 'hot')).toBe(true)
    const range = await json('/api/v1/leads?scoreMin=10&scoreMax=20&sort=score&order=asc')
    const scores = range.rows.map((row: { score: number }) => row.score)
    expect(scores).toEqual([...scores].sort((a, b) => a - b))
    expect(scores.every((score: number) => score >= 10 && score <= 20)).toBe(true)
    const mqls = await json('/api/v1/leads?stage=mql&channel=organic_search')
    for (const row of mqls.rows) {
      expect(row.stage).toBe('mql')
      expect(row.firstTouchChannel).toBe('organic_search')
    }
    const found = await json('/api/v1/leads?q=FORMULA@BETA')
    expect(found.rows.map((row: { email: string }) => row.email)).toEqual([FORMULA])
    expect(found.rows[0].owner).toBe('@owner')
    const beta = await json('/api/v1/leads?site=beta')
    expect(beta.total).toBe(1)
  })

  it("sorts by owner, the lead's current assignment", async () => {
    const answer = await json('/api/v1/leads?sort=owner&order=desc&pageSize=5')
    const [top] = await sql<{ lead_owner: string }>(
      `SELECT owner AS lead_owner FROM leadhouse.leads
       WHERE owner != '' ORDER BY lead_owner DESC LIMIT 1`,
    )
    expect(answer.rows[0].owner).toBe(top?.lead_owner)
  })

  it('sorts leads without a company last, from A to Z and from Z to A', async () => {
    for (const order of ['asc', 'desc']) {
      const answer = await json(`/api/v1/leads?sort=company&order=${order}&pageSize=200`)
      const companies: (string | null)[] = answer.rows.map(
        (row: { company: string | null }) => row.company,
      )
      const named = companies.filter((company) => company !== null)
      expect(named.length, order).toBeGreaterThan(0)
      expect(companies.slice(0, named.length), order).toEqual(named)
    }
  })

  it('answers the same rows as CSV, formulas disarmed, for format=csv and Accept: text/csv', async () => {
    const path = '/api/v1/leads?q=beta.test&pageSize=10'
    const data = await json(path)
    const response = await get(`${path}&format=csv`)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="leads-/)
    const text = await response.text()
    const lines = text.split('\r\n')
    expect(lines[0]).toBe(
      'email,name,company,score,temperature,trafficLight,stage,owner,firstTouchChannel,lastActivityAt',
    )
    const row = data.rows[0]
    expect(lines[1]).toBe(
      [
        FORMULA,
        `"'=HYPERLINK(""https://evil.test"",""x"")"`,
        `"'+Beta, ""Quoted"" Ltd"`,
        row.score,
        row.temperature,
        row.trafficLight,
        row.stage,
        "'@owner",
        row.firstTouchChannel,
        row.lastActivityAt,
      ].join(','),
    )
    expect(lines).toHaveLength(data.rows.length + 2)
    const accepted = await get(path, { accept: 'text/csv' })
    expect(await accepted.text()).toBe(text)
  })
})

describe('GET /api/v1/leads/detail', () => {
  it('gives the lead, score, trajectory, lifecycle and activity as the marts hold them', async () => {
    const [lead] = await sql<{ email: string; activities: number; days: number; stages: number }>(
      `SELECT email,
         (SELECT count() FROM leadhouse.activity_log WHERE person_key = concat('lead:', leads.email)) AS activities,
         (SELECT count() FROM leadhouse.score_trajectory WHERE email = leads.email) AS days,
         (SELECT count() FROM leadhouse.lifecycle_stages WHERE email = leads.email) AS stages
       FROM leadhouse.leads ORDER BY score DESC, email LIMIT 1`,
    )
    const detail = await json(`/api/v1/leads/detail?email=${encodeURIComponent(lead?.email ?? '')}`)
    expect(detail.lead.email).toBe(lead?.email)
    expect(detail.activityTotal).toBe(lead?.activities)
    expect(detail.activity).toHaveLength(Math.min(500, lead?.activities ?? 0))
    expect(detail.trajectory).toHaveLength(lead?.days ?? -1)
    expect(detail.lifecycle).toHaveLength(lead?.stages ?? -1)
    const times = detail.activity.map((entry: { ts: string }) => entry.ts)
    expect(times).toEqual([...times].sort().reverse())
    expect(detail.score.reasons.length).toBeGreaterThan(0)
    const upper = await json(
      `/api/v1/leads/detail?email=${encodeURIComponent(FORMULA.toUpperCase())}`,
    )
    expect(upper.lead.name).toBe('=HYPERLINK("https://evil.test","x")')
  })

  it('is a 404 naming the email for someone who is no lead', async () => {
    const response = await get('/api/v1/leads/detail?email=nobody@example.com')
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('email')
  })
})

describe('GET /api/v1/cohorts', () => {
  it('gives the months’ score profiles and how far each cohort has come', async () => {
    const answer = await json(`/api/v1/cohorts?${PERIOD}`)
    const profiles = await sql<{ month: string; leads: number; median_score: number }>(
      `SELECT toString(month) AS month, leads, median_score FROM leadhouse.cohort_score_profile
       WHERE month BETWEEN '2026-08-01' AND '2026-10-31' ORDER BY month`,
    )
    expect(answer.rows.map((row: { month: string }) => row.month)).toEqual(
      profiles.map((row) => row.month),
    )
    const funnel = await sql<{ month: string; mqls: number; customers: number }>(
      `SELECT toString(month) AS month, mqls, customers FROM leadhouse.funnel
       WHERE first_touch_channel = 'all' ORDER BY month`,
    )
    for (const row of answer.rows) {
      const profile = profiles.find((p) => p.month === row.month)
      expect(row.leads).toBe(profile?.leads)
      expect(row.medianScore).toBe(profile?.median_score)
      const month = funnel.find((f) => f.month === row.month)
      expect(row.reached.mql, row.month).toBe(month?.mqls)
      expect(row.reached.customer, row.month).toBe(month?.customers)
    }
  })
})

describe('GET /api/v1/activity, /api/v1/me and /api/v1/queue', () => {
  it('gives the newest rows of the activity log, newest first', async () => {
    const answer = await json('/api/v1/activity?limit=5')
    expect(answer.rows).toHaveLength(5)
    const times = answer.rows.map((row: { ts: string }) => row.ts)
    expect(times).toEqual([...times].sort().reverse())
    const [newest] = await sql<{ ts: string }>(
      'SELECT toString(max(ts)) AS ts FROM leadhouse.activity_log',
    )
    expect(times[0]).toBe(newest?.ts)
  })

  it('names the role the key acts with', async () => {
    expect((await json('/api/v1/me')).role).toBe('read')
    expect((await json('/api/v1/me', AS_ADMIN)).role).toBe('admin')
  })

  it('lists the MQLs waiting for sales, oldest first', async () => {
    const answer = await json('/api/v1/queue?pageSize=200', AS_ADMIN)
    expect(answer.rows.length).toBeGreaterThan(0)
    const entered = answer.rows.map((row: { mqlAt: string }) => row.mqlAt)
    expect(entered).toEqual([...entered].sort())
    const mqls = await sql<{ email: string }>(
      "SELECT email FROM leadhouse.leads WHERE current_stage = 'mql'",
    )
    const waiting = new Set(mqls.map((row) => row.email))
    expect(answer.rows.every((row: { email: string }) => waiting.has(row.email))).toBe(true)
  })
})

/** Every endpoint with its string parameters. */
const STRING_PARAMETERS: Record<string, string[]> = {
  '/api/v1/overview': ['from', 'to', 'site', 'channel', 'model'],
  '/api/v1/timeseries': ['from', 'to', 'site', 'channel', 'model', 'interval'],
  '/api/v1/funnel': ['from', 'to', 'site', 'channel'],
  '/api/v1/channels': ['from', 'to', 'site', 'channel', 'model'],
  '/api/v1/attribution/compare': ['from', 'to', 'site', 'conversion'],
  '/api/v1/paths': ['from', 'to', 'site', 'conversion', 'limit'],
  '/api/v1/leads': ['q', 'stage', 'temperature', 'channel', 'site', 'sort', 'order', 'format'],
  '/api/v1/leads/detail': ['email'],
  '/api/v1/cohorts': ['from', 'to'],
}
const INJECTIONS = [
  "' OR 1=1 --",
  "acme' OR '1'='1",
  "x'); DROP TABLE leadhouse.leads; --",
  "a'@b.c OR 1=1",
]

describe('SQL-looking values', () => {
  it('are refused or matched as plain text in every string parameter', async () => {
    for (const [path, names] of Object.entries(STRING_PARAMETERS))
      for (const name of names)
        for (const value of INJECTIONS) {
          const response = await get(`${path}?${name}=${encodeURIComponent(value)}`)
          const label = `${path} ${name}=${value}`
          if (name === 'q') {
            expect(response.status, label).toBe(200)
            expect(((await response.json()) as { total: number }).total, label).toBe(0)
          } else if (name === 'email' && response.status === 404) {
            // An address-shaped value is looked up as one: no such lead.
            expect(value, label).toContain('@')
          } else {
            expect(response.status, label).toBe(400)
            expect(
              ((await response.json()) as { error: { field: string } }).error.field,
              label,
            ).toBe(name)
          }
        }
    const [count] = await sql('SELECT count() AS n FROM leadhouse.leads')
    expect(count?.n).toBeGreaterThan(0)
  })
})
