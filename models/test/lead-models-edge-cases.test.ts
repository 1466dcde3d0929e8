/**
 * Leadhouse's models on the journeys that break naive funnels and daily numbers: stages
 * skipped, a score that crosses the MQL threshold before the person is known, quiet days and a
 * month without new leads, a lead who never visited, and inactivity measured in whole days.
 * Every expected number is worked out by hand in the comments.
 */
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const KAI = 'kai@example.com'
const LOU = 'lou@example.com'
const MAX = 'max@example.com'
const MIA = 'mia@example.com'
const NED = 'ned@example.com'
const OLA = 'ola@example.com'
const PIA = 'pia@example.com'
const REX = 'rex@example.com'
const VARS = { score_as_of: '2026-12-31 00:00:00' }

/**
 * An anonymous visitor's morning from 10:00: three pricing-page views (10 points each, capped
 * at 30), a webinar registration at 10:15 (15) and two downloads at 10:20 and 10:25 (8 each).
 * With minutes of decay the score is 52.99 after the first download and 60.99 after the
 * second: over the MQL threshold of 60 at 10:25.
 */
function morningOverTheThreshold(anonymousId: string, day: string) {
  return [
    event(anonymousId, `${day} 10:00:00`, { path: '/pricing', is_pricing: true }),
    event(anonymousId, `${day} 10:05:00`, { path: '/pricing', is_pricing: true }),
    event(anonymousId, `${day} 10:10:00`, { path: '/pricing', is_pricing: true }),
    event(anonymousId, `${day} 10:15:00`, { type: 'event', name: 'webinar_registered' }),
    event(anonymousId, `${day} 10:20:00`, { type: 'event', name: 'download' }),
    event(anonymousId, `${day} 10:25:00`, { type: 'event', name: 'download' }),
  ]
}

/** Kai's open or click of an email, recorded by the email links (no browser, no anonymous id). */
function emailLink(name: string, at: string, message: string) {
  return event('', at, {
    type: 'event',
    name,
    email: KAI,
    utm_medium: 'email',
    utm_campaign: 'newsletter',
    props: JSON.stringify({ campaign: 'newsletter', message }),
  })
}

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  await warehouse.client.insert({
    table: 'leadhouse.events',
    values: [
      // Max crosses the threshold anonymously and fills in a form five minutes later, still
      // over it (60.98): an MQL at that moment, not before he was a lead.
      ...morningOverTheThreshold('m-laptop', '2026-12-01'),
      event('m-laptop', '2026-12-01 10:30:00', { type: 'identify', path: '/contact', email: MAX }),
      // Ned crosses it the same way, but identifies eight days later, when decay has taken him
      // to 30 * 0.5^(8/30) + 15 * 0.5^(8/90) + 16 * 0.5^(8/60) = 53.6: a lead, no MQL.
      ...morningOverTheThreshold('n-laptop', '2026-12-02'),
      event('n-laptop', '2026-12-10 10:00:00', { type: 'identify', path: '/contact', email: NED }),
      // Rex, a CEO (20, no decay), goes over the threshold at 09:20 with three pricing views
      // (30) and a webinar (15): 64.99. Sales rejects him the next day. 27 days later, when
      // decay has taken him to 20 + 30 * 0.5^(27.03/30) + 15 * 0.5^(27.03/90) = 48.2, he asks
      // for a demo (30): 78.2, over the threshold again, from under it: an MQL again, though
      // the checkpoint before (64.99) was over it too.
      event('r-laptop', '2026-12-03 09:00:00', {
        type: 'identify',
        path: '/contact',
        email: REX,
        props: JSON.stringify({ job_title: 'CEO' }),
      }),
      event('r-laptop', '2026-12-03 09:05:00', { path: '/pricing', is_pricing: true }),
      event('r-laptop', '2026-12-03 09:10:00', { path: '/pricing', is_pricing: true }),
      event('r-laptop', '2026-12-03 09:15:00', { path: '/pricing', is_pricing: true }),
      event('r-laptop', '2026-12-03 09:20:00', { type: 'event', name: 'webinar_registered' }),
      event('r-laptop', '2026-12-30 10:00:00', { type: 'event', name: 'demo_request' }),
      // Kai opens September's newsletter three times and clicks in it twice, and opens another
      // message once: two opens, one click (one per recipient and message).
      ...[8, 12, 18].map((hour) => emailLink('email_open', `2026-09-15 ${hour}:00:00`, 'sep')),
      ...[8, 12].map((hour) => emailLink('email_click', `2026-09-15 ${hour}:05:00`, 'sep')),
      emailLink('email_open', '2026-09-15 20:00:00', 'sep-reminder'),
    ],
    format: 'JSONEachRow',
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    values: [
      // August's only lead, from a sales call; nobody new in September.
      crm('call-kai', 'call', '2026-08-10 09:00:00', KAI),
      // Lou, a new contact whose first deal is won: no MQL, SQL or opportunity on record.
      crm('contact-lou', 'contact', '2026-10-05 09:00:00', LOU),
      crm('deal-lou', 'deal', '2026-10-20 09:00:00', LOU, { outcome: 'won', amount: 5000 }),
      // Mia, every stage in turn: 1, 2, 4 and 10 days apart.
      crm('contact-mia', 'contact', '2026-10-06 09:00:00', MIA),
      crm('mql-mia', 'stage_change', '2026-10-07 09:00:00', MIA, { stage: 'mql' }),
      crm('accept-mia', 'sql_decision', '2026-10-09 09:00:00', MIA, { decision: 'accepted' }),
      crm('opp-mia', 'opportunity', '2026-10-13 09:00:00', MIA, { amount: 8000 }),
      crm('deal-mia', 'deal', '2026-10-23 09:00:00', MIA, { outcome: 'won', amount: 8000 }),
      // Pia, called late on 1 November and never again: 59 days and one hour before the scoring
      // moment, 60 midnights.
      crm('call-pia', 'call', '2026-11-01 23:00:00', PIA),
      // Ola, from a trade fair into the CRM on the day Ned first visits: a new lead, not a
      // visitor who converted.
      crm('contact-ola', 'contact', '2026-12-02 12:00:00', OLA),
      crm('reject-rex', 'sql_decision', '2026-12-04 09:00:00', REX, { decision: 'rejected' }),
    ],
    format: 'JSONEachRow',
  })
  // 200 newsletters went out on 15 September.
  await warehouse.client.insert({
    table: 'leadhouse.campaign_costs',
    values: [
      {
        day: '2026-09-15',
        channel: 'email',
        source: 'newsletter',
        medium: 'email',
        campaign: 'newsletter',
        cost: 20,
        currency: 'EUR',
        impressions: 200,
        clicks: 0,
        received_at: '2026-09-15 00:00:00.000',
      },
    ],
    format: 'JSONEachRow',
  })
  const result = await buildModels({ warehouse, vars: VARS })
  expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
})

/** Rows of `query` as arrays of values, in column order. */
async function table(query: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  return (await rows(await opened, query, params)).map((row) => Object.values(row))
}

describe('lifecycle_stages', () => {
  it('makes an MQL when the score goes over the threshold: at identification for an anonymous history, again after decay and a rejection', async () => {
    expect(
      await table(
        `SELECT email, stage_number, stage, entered_at FROM leadhouse.lifecycle_stages
         WHERE email IN ({lou:String}, {max:String}, {ned:String}, {rex:String})
         ORDER BY email, stage_number`,
        { lou: LOU, max: MAX, ned: NED, rex: REX },
      ),
    ).toEqual([
      [LOU, '1', 'lead', '2026-10-05 09:00:00.000'],
      [LOU, '2', 'customer', '2026-10-20 09:00:00.000'],
      [MAX, '1', 'lead', '2026-12-01 10:30:00.000'],
      [MAX, '2', 'mql', '2026-12-01 10:30:00.000'],
      [NED, '1', 'lead', '2026-12-10 10:00:00.000'],
      [REX, '1', 'lead', '2026-12-03 09:00:00.000'],
      [REX, '2', 'mql', '2026-12-03 09:20:00.000'],
      [REX, '3', 'recycled', '2026-12-04 09:00:00.000'],
      [REX, '4', 'mql', '2026-12-30 10:00:00.000'],
    ])
  })
})

describe('funnel', () => {
  it('counts a lead that skipped stages as having reached them, so no rate exceeds 1', async () => {
    // Lou reached MQL, SQL, opportunity and customer at once, on 10-20 (15 days after his
    // contact, then 0, 0 and 0); Mia 1, 2, 4 and 10 days apart. Medians of two: the means,
    // 8, 1, 2 and 5.
    const october = ['2', '2', '2', '2', '2', ...[1, 1, 1, 1, 1], ...[8, 1, 2, 5]]
    expect(
      await table(
        `SELECT month, first_touch_channel, leads, mqls, sqls, opportunities, customers,
                lead_to_mql_rate, mql_to_sql_rate, sql_to_opportunity_rate, opportunity_to_customer_rate,
                lead_to_customer_rate, median_days_lead_to_mql, median_days_mql_to_sql,
                median_days_sql_to_opportunity, median_days_opportunity_to_customer
         FROM leadhouse.funnel WHERE month = '2026-10-01' ORDER BY first_touch_channel`,
      ),
    ).toEqual([
      ['2026-10-01', '(none)', ...october],
      ['2026-10-01', 'all', ...october],
    ])
  })
})

describe('cohort_score_profile', () => {
  it('has a row of zeros for a month without new leads, and compares neighbouring months', async () => {
    // Each scored at the end of their month: Kai 0 (21 days since his call), Lou and Mia 0
    // (no rule matches a bare contact or a deal; 11 and 8 days quiet), Pia 0 (29 days).
    expect(
      await table(
        `SELECT month, leads, mean_score, median_score, median_change, mean_change, leads_change
         FROM leadhouse.cohort_score_profile WHERE month < '2026-12-01' ORDER BY month`,
      ),
    ).toEqual([
      ['2026-08-01', '1', 0, 0, null, null, null],
      ['2026-09-01', '0', null, null, null, null, '-1'],
      ['2026-10-01', '2', 0, 0, null, null, '2'],
      ['2026-11-01', '1', 0, 0, 0, 0, '-1'],
    ])
  })
})

describe('kpi_daily', () => {
  it('has a row for every day from the first to the last, zeros on a quiet one', async () => {
    // 10 August (Kai) to 30 December (Rex's demo request): 22 + 30 + 31 + 30 + 30 days.
    expect(
      await table(`SELECT count(), min(day), max(day), uniqExact(day) FROM leadhouse.kpi_daily`),
    ).toEqual([['143', '2026-08-10', '2026-12-30', '143']])
  })

  it('converts visitors into leads only by the leads that visited', async () => {
    expect(
      await table(
        `SELECT day, visitors, pageviews, new_leads, new_web_leads, visitor_to_lead_rate, mqls
         FROM leadhouse.kpi_daily WHERE day IN ('2026-09-16', '2026-12-01', '2026-12-02')
         ORDER BY day`,
      ),
    ).toEqual([
      ['2026-09-16', '0', '0', '0', '0', null, '0'],
      // Max: three page views, a form, an MQL.
      ['2026-12-01', '1', '3', '1', '1', 1, '1'],
      // Ned visits anonymously; Ola is new from the CRM and never visited: 0 of 1 visitors.
      ['2026-12-02', '1', '3', '1', '0', 0, '0'],
    ])
  })

  it('counts email opens and clicks once per recipient and message', async () => {
    // Two opens and one click of 200 sent: 0.01, 0.005; one click of two opens: 0.5.
    expect(
      await table(
        `SELECT emails_sent, email_opens, email_clicks, email_open_rate, email_click_rate,
                email_click_to_open_rate
         FROM leadhouse.kpi_daily WHERE day = '2026-09-15'`,
      ),
    ).toEqual([['200', '2', '1', 0.01, 0.005, 0.5]])
  })
})

describe('lead_scores', () => {
  it('counts inactivity in whole days, not midnights', async () => {
    // Scores at 12-31 00:00. Kai (09-15), Lou (10-20) and Mia (10-23) have been quiet for 60
    // days and more: -15; Kai's two clicks of 09-15 (3 each, half-life 30 days) are worth
    // 3 * (0.5^(106.66/30) + 0.5^(106.50/30)) = 0.5 after 106 days: -14.5. Pia's last entry, 11-01 23:00, is 59 days and 1 hour before: nothing
    // yet, though 60 midnights have passed. Ola has no entry to be quiet since (a contact
    // record carries attributes, not an interaction).
    expect(
      await table(
        `SELECT email, score FROM leadhouse.lead_scores
         WHERE email IN ({kai:String}, {lou:String}, {mia:String}, {ola:String}, {pia:String})
         ORDER BY email`,
        { kai: KAI, lou: LOU, mia: MIA, ola: OLA, pia: PIA },
      ),
    ).toEqual([
      [KAI, -14.5],
      [LOU, -15],
      [MIA, -15],
      [OLA, 0],
      [PIA, 0],
    ])
  })
})
