/**
 * The channel_kpis mart on hand-made journeys, spend and deals, every figure worked out by hand
 * in the comments, on the real embedded engine. Month: October 2026, USD at 0.92 EUR (the
 * exchange_rates seed); JPY has no rate.
 *
 * Google Ads campaign `brand` (paid_search, google, cpc, brand) brought four October sessions:
 * three on site acme (leads A, B, C) and one on site beta (an anonymous visitor). Its October
 * spend, 100 + 50 EUR (and a JPY row left out), is shared 3 : 1: acme 112.50, beta 37.50.
 */
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event, identify } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const A = 'a@example.com'
const B = 'b@example.com'
const C = 'c@example.com'

const VARS = { score_as_of: '2026-12-01 00:00:00', incremental_lookback_minutes: 0 }

const BRAND = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand' }
const GENERIC = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'generic' }
const BRAND_KEY = { channel: 'paid_search', source: 'google', medium: 'cpc', campaign: 'brand' }

function cost(
  day: string,
  key: { channel: string; source: string; medium: string; campaign: string },
  amount: number,
  currency: string,
  impressions: number,
  clicks: number,
) {
  return {
    day,
    ...key,
    cost: amount,
    currency,
    impressions,
    clicks,
    received_at: `${day} 23:00:00.000`,
  }
}

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  await warehouse.client.insert({
    table: 'leadhouse.events',
    format: 'JSONEachRow',
    values: [
      // A: the brand ad, a form: a lead whose one touch is brand.
      event('a-1', '2026-10-01 10:00:00', BRAND),
      identify('a-1', '2026-10-01 10:05:00', A),
      // B: a direct visit, the next day the brand ad and a form: first_touch credits direct,
      // last_touch brand.
      event('b-1', '2026-10-02 10:00:00'),
      event('b-1', '2026-10-03 10:00:00', BRAND),
      identify('b-1', '2026-10-03 10:05:00', B),
      // C: the brand ad, a form; MQL, SQL, opportunity and a won deal in October, a second
      // deal in November (no new customer).
      event('c-1', '2026-10-05 10:00:00', BRAND),
      identify('c-1', '2026-10-05 10:05:00', C),
      // An anonymous visitor on site beta from the brand ad; one from the generic campaign.
      event('beta-1', '2026-10-10 10:00:00', { ...BRAND, site_id: 'beta' }),
      event('anon-1', '2026-10-11 10:00:00', GENERIC),
    ],
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    format: 'JSONEachRow',
    values: [
      crm('mql-c', 'stage_change', '2026-10-06 09:00:00', C, { stage: 'mql' }),
      crm('accept-c', 'sql_decision', '2026-10-07 09:00:00', C, { decision: 'accepted' }),
      crm('opp-c', 'opportunity', '2026-10-08 09:00:00', C, { amount: 1000, currency: 'EUR' }),
      // The CRM gives this deal's margin: 400 EUR.
      crm('deal-c-1', 'deal', '2026-10-20 09:00:00', C, {
        outcome: 'won',
        amount: 1000,
        currency: 'EUR',
        attributes: { margin: '400' },
      }),
      // 500 USD at November's 0.92: 460 EUR revenue; no margin given: 460 × gross_margin_rate.
      crm('deal-c-2', 'deal', '2026-11-05 09:00:00', C, {
        outcome: 'won',
        amount: 500,
        currency: 'USD',
      }),
    ],
  })
  await warehouse.client.insert({
    table: 'leadhouse.campaign_costs',
    format: 'JSONEachRow',
    values: [
      cost('2026-10-01', BRAND_KEY, 100, 'EUR', 1000, 30),
      cost('2026-10-02', BRAND_KEY, 50, 'EUR', 500, 20),
      // No JPY rate: left out of spend, impressions and clicks; counted.
      cost('2026-10-03', BRAND_KEY, 1000, 'JPY', 99, 9),
      // One session, no conversion.
      cost('2026-10-11', { ...BRAND_KEY, campaign: 'generic' }, 30, 'EUR', 300, 3),
      // No session at all: unmatched spend, 200 USD = 184 EUR.
      cost(
        '2026-10-12',
        { channel: 'paid_social', source: 'linkedin', medium: 'paid_social', campaign: 'abm' },
        200,
        'USD',
        4000,
        40,
      ),
    ],
  })
})

const COUNTS = ['sessions', 'visitors', 'cost_rows_without_rate']

/** channel_kpis' rows of month `month`, `campaign` and `model`, keyed by site and channel. */
async function kpis(month: string, campaign: string, model: string) {
  const found = await rows(
    await opened,
    `SELECT * EXCEPT (month, model, source, medium, campaign) FROM leadhouse.channel_kpis
     WHERE month = {month: Date} AND campaign = {campaign: String} AND model = {model: String}
     ORDER BY site_id, channel`,
    { month, campaign, model },
  )
  return found.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        // Counts are UInt64, which the client reads as text.
        COUNTS.includes(key)
          ? Number(value)
          : typeof value === 'number'
            ? Math.round(value * 10000) / 10000
            : value,
      ]),
    ),
  )
}

const NOTHING = {
  leads: 0,
  mqls: 0,
  sqls: 0,
  opportunities: 0,
  customers: 0,
  revenue: 0,
  gross_margin: 0,
  new_customer_gross_margin: 0,
}

describe('channel_kpis, conversions in their month', () => {
  beforeAll(async () => {
    const result = await buildModels({ warehouse: await opened, vars: VARS })
    expect(
      result.results
        .filter((r) => !['success', 'pass'].includes(r.status))
        .map((r) => `${r.name} ${r.message}`),
    ).toEqual(['assert_campaign_costs_have_exchange_rate Got 1 result, configured to warn if != 0'])
  })

  it('shares spend among sites by sessions and credits the conversions under last_touch', async () => {
    expect(await kpis('2026-10-01', 'brand', 'last_touch')).toEqual([
      {
        site_id: 'acme',
        channel: 'paid_search',
        // 150 EUR × 3/4; 1,500 impressions and 50 clicks likewise.
        spend: 112.5,
        impressions: 1125,
        clicks: 37.5,
        cost_rows_without_rate: 1,
        sessions: 3,
        visitors: 3,
        // A, B and C became leads on a brand touch; C went on to MQL, SQL, opportunity and
        // customer in October, with 1,000 EUR revenue of which 400 EUR margin.
        leads: 3,
        mqls: 1,
        sqls: 1,
        opportunities: 1,
        customers: 1,
        revenue: 1000,
        gross_margin: 400,
        new_customer_gross_margin: 400,
        cpl: 37.5, // 112.5 / 3
        cost_per_mql: 112.5,
        cost_per_sql: 112.5,
        cpa: 112.5,
        roas: 8.8889, // 1000 / 112.5
        roi: 2.5556, // (400 − 112.5) / 112.5
      },
      {
        site_id: 'beta',
        channel: 'paid_search',
        // 150 EUR × 1/4: a campaign's spend with sessions and no conversion on this site.
        spend: 37.5,
        impressions: 375,
        clicks: 12.5,
        cost_rows_without_rate: 1,
        sessions: 1,
        visitors: 1,
        ...NOTHING,
        cpl: null,
        cost_per_mql: null,
        cost_per_sql: null,
        cpa: null,
        roas: 0,
        roi: -1, // (0 − 37.5) / 37.5
      },
    ])
  })

  it('puts two models side by side: first_touch gives B to direct', async () => {
    const [brand] = await kpis('2026-10-01', 'brand', 'first_touch')
    // Leads A and C: 112.5 / 2.
    expect(brand).toMatchObject({
      site_id: 'acme',
      leads: 2,
      cpl: 56.25,
      spend: 112.5,
      sessions: 3,
    })
    const direct = async (model: string) =>
      (await kpis('2026-10-01', '', model)).filter((row) => row.channel === 'direct')
    // B's direct session; no spend: cpl 0 under first_touch (spend 0 over 1 lead), NULL under
    // last_touch (no lead); roas and roi NULL (spend 0) under both.
    expect(await direct('first_touch')).toEqual([
      expect.objectContaining({
        site_id: 'acme',
        spend: 0,
        sessions: 1,
        leads: 1,
        cpl: 0,
        roas: null,
        roi: null,
      }),
    ])
    expect(await direct('last_touch')).toEqual([
      expect.objectContaining({
        site_id: 'acme',
        spend: 0,
        sessions: 1,
        leads: 0,
        cpl: null,
        roas: null,
        roi: null,
      }),
    ])
  })

  it('shows spend that brought no session on site "", with every model and nothing attributed', async () => {
    for (const model of ['first_touch', 'linear', 'full_path'])
      expect(await kpis('2026-10-01', 'abm', model)).toEqual([
        {
          site_id: '',
          channel: 'paid_social',
          spend: 184, // 200 USD × 0.92
          impressions: 4000,
          clicks: 40,
          cost_rows_without_rate: 0,
          sessions: 0,
          visitors: 0,
          ...NOTHING,
          cpl: null,
          cost_per_mql: null,
          cost_per_sql: null,
          cpa: null,
          roas: 0,
          roi: -1,
        },
      ])
  })

  it('spend on a campaign without conversions: cost ratios NULL, roas 0, roi −1', async () => {
    expect(await kpis('2026-10-01', 'generic', 'linear')).toEqual([
      expect.objectContaining({
        site_id: 'acme',
        spend: 30,
        sessions: 1,
        visitors: 1,
        leads: 0,
        cpl: null,
        cpa: null,
        roas: 0,
        roi: -1,
      }),
    ])
  })

  it("counts a repeat deal's revenue and margin in its month, but no new customer", async () => {
    // deal-c-2: 460 EUR, its margin 460 × 1.0; no November spend: ratios NULL.
    expect(await kpis('2026-11-01', 'brand', 'last_touch')).toEqual([
      {
        site_id: 'acme',
        channel: 'paid_search',
        spend: 0,
        impressions: 0,
        clicks: 0,
        cost_rows_without_rate: 0,
        sessions: 0,
        visitors: 0,
        ...NOTHING,
        revenue: 460,
        gross_margin: 460,
        cpl: null,
        cost_per_mql: null,
        cost_per_sql: null,
        cpa: null,
        roas: null,
        roi: null,
      },
    ])
  })

  it('has one row per key, and every model for every key', async () => {
    const [counts] = await rows(
      await opened,
      `SELECT count() AS n, uniqExact(month, site_id, model, channel, source, medium, campaign) AS keys,
              uniqExact(model) AS models, uniqExact(month, site_id, channel, source, medium, campaign) AS cells
       FROM leadhouse.channel_kpis`,
    )
    // The ten default models: eight rule-based, markov and shapley.
    expect(Number(counts?.models)).toBe(10)
    expect(Number(counts?.n)).toBe(Number(counts?.keys))
    expect(Number(counts?.n)).toBe(10 * Number(counts?.cells))
  })
})

describe('channel_kpis, conversions in their touch’s month', () => {
  it("moves the November deal to its touch's October; gross_margin_rate prices a margin the CRM lacks", async () => {
    const result = await buildModels({
      warehouse: await opened,
      vars: { ...VARS, channel_kpis_month: 'touch', gross_margin_rate: 0.5 },
    })
    expect(result.success).toBe(true)
    expect(await kpis('2026-10-01', 'brand', 'last_touch')).toEqual([
      expect.objectContaining({
        site_id: 'acme',
        spend: 112.5,
        leads: 3,
        customers: 1,
        // 1,000 + 460 EUR; margin 400 + 460 × 0.5; roi still weighs the new customer's 400.
        revenue: 1460,
        gross_margin: 630,
        new_customer_gross_margin: 400,
        roas: 12.9778, // 1460 / 112.5
        roi: 2.5556,
      }),
      expect.objectContaining({ site_id: 'beta', spend: 37.5, leads: 0 }),
    ])
    expect(await kpis('2026-11-01', 'brand', 'last_touch')).toEqual([])
  })
})

describe('channel_kpis after an incremental build', () => {
  it('equals a full refresh after new events, CRM records and costs', async () => {
    const warehouse = await opened
    // A goes on to a won deal with the CRM's gross_margin attribute; a new visitor from the
    // generic campaign; more spend, in GBP.
    await warehouse.client.insert({
      table: 'leadhouse.events',
      format: 'JSONEachRow',
      values: [event('anon-2', '2026-10-25 10:00:00', GENERIC)],
    })
    await warehouse.client.insert({
      table: 'leadhouse.crm_events',
      format: 'JSONEachRow',
      values: [
        crm('deal-a', 'deal', '2026-10-28 09:00:00', A, {
          outcome: 'won',
          amount: 2000,
          currency: 'GBP',
          attributes: { gross_margin: '500' },
        }),
      ],
    })
    await warehouse.client.insert({
      table: 'leadhouse.campaign_costs',
      format: 'JSONEachRow',
      values: [cost('2026-10-25', { ...BRAND_KEY, campaign: 'generic' }, 10, 'GBP', 100, 1)],
    })
    const snapshot = async () =>
      rows(
        warehouse,
        `SELECT * FROM leadhouse.channel_kpis
         ORDER BY month, site_id, model, channel, source, medium, campaign`,
      )
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    const incremental = await snapshot()
    expect((await buildModels({ warehouse, vars: VARS, fullRefresh: true })).success).toBe(true)
    expect(await snapshot()).toEqual(incremental)
    // A's deal: 2,000 GBP at 1.17 = 2,340 EUR, its margin 500 GBP = 585 EUR; generic: 30 EUR
    // and 10 GBP = 11.70 EUR over two sessions.
    expect(await kpis('2026-10-01', 'brand', 'last_touch')).toEqual([
      expect.objectContaining({ site_id: 'acme', customers: 2, revenue: 3340, gross_margin: 985 }),
      expect.objectContaining({ site_id: 'beta' }),
    ])
    expect(await kpis('2026-10-01', 'generic', 'last_touch')).toEqual([
      expect.objectContaining({ site_id: 'acme', spend: 41.7, sessions: 2, visitors: 2 }),
    ])
  })
})
