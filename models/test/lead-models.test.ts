/**
 * Leadhouse's dbt project on hand-made raw data whose right answers are worked out by hand:
 * sessions, channels, identity stitching across devices, the activity log with the sales log.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildModels, LEADHOUSE_PROJECT_DIR } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const ADA = 'ada@example.com'
const CEM = 'cem@gmail.com'
const DAN = 'dan@example.org'
const EVE = 'eve@example.net'
const GIA = 'gia@example.com'
const HAL = 'hal@example.com'
const IDA = 'ida@example.com'
const JO = 'jo@example.com'
const KIM = 'kim@example.com'
/**
 * Scores are taken at this moment, so decay is the same on every run; 3 quiet days reactivate.
 * No lookback: each insert here is done before a build starts, so a build finds exactly the
 * rows stored since the last one, and the tests can tell who is redone.
 */
const VARS = {
  score_as_of: '2026-11-10 00:00:00',
  reactivation_quiet_days: 3,
  excluded_sites: ['acme-staging'],
  incremental_lookback_minutes: 0,
}
/** A page view delivered twice, and once more in the incremental tests. */
const retried = event('b-desktop', '2026-11-04 12:00:00', { path: '/blog' })

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  const events = [
    // Ada on her laptop: from Google, then the pricing page; later from the newsletter.
    event('a-laptop', '2026-11-02 09:00:00', { referrer: 'https://www.google.de/' }),
    event('a-laptop', '2026-11-02 09:05:00', { path: '/pricing', is_pricing: true }),
    event('a-laptop', '2026-11-02 11:00:00', {
      path: '/webinar',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'nov',
    }),
    event('a-laptop', '2026-11-02 11:01:00', {
      type: 'identify',
      path: '/webinar',
      email: ADA,
      props: JSON.stringify({ company: 'Acme', job_title: 'Marketing' }),
    }),
    event('a-laptop', '2026-11-02 11:02:00', { type: 'event', name: 'download', path: '/webinar' }),
    // Ada on her phone, from a Google ad, identifies with the same email.
    event('a-phone', '2026-11-03 08:00:00', {
      path: '/demo',
      click_id_type: 'gclid',
      click_id: 'abc',
    }),
    event('a-phone', '2026-11-03 08:01:00', { type: 'identify', path: '/demo', email: ADA }),
    // Someone not (yet) known: LinkedIn, then a paid LinkedIn campaign mid-session, then a
    // direct visit and a partner's blog; one event delivered twice.
    event('b-desktop', '2026-11-02 10:00:00', { referrer: 'https://www.linkedin.com/' }),
    event('b-desktop', '2026-11-02 10:10:00', {
      path: '/abm',
      utm_source: 'linkedin',
      utm_medium: 'paid_social',
      utm_campaign: 'abm',
    }),
    event('b-desktop', '2026-11-03 15:00:00', { path: '/about' }),
    retried,
    { ...retried, received_at: '2026-11-04 12:00:05.000' },
    event('b-desktop', '2026-11-05 09:00:00', {
      path: '/',
      referrer: 'https://partner.example/post',
    }),
    // Cem, a student with a private address, identifies once and does nothing else.
    event('c-tablet', '2026-11-05 10:00:00', { path: '/careers' }),
    event('c-tablet', '2026-11-05 10:01:00', {
      type: 'identify',
      path: '/careers',
      email: CEM,
      props: JSON.stringify({ job_title: 'Werkstudent' }),
    }),
    // Dan subscribes to the newsletter.
    event('d-laptop', '2026-11-06 12:00:00', { type: 'identify', path: '/newsletter', email: DAN }),
    // Eve, rejected by sales, comes back after five quiet days.
    event('e-laptop', '2026-11-07 10:00:00', { type: 'identify', path: '/pricing', email: EVE }),
    // Ada's and Eve's opens and clicks of a newsletter, recorded by the email links.
    event('', '2026-11-02 12:00:00', { type: 'event', name: 'email_open', email: ADA }),
    event('', '2026-11-02 12:01:00', { type: 'event', name: 'email_click', email: ADA }),
    event('', '2026-11-02 09:00:00', { type: 'event', name: 'email_open', email: EVE }),
    // Ida, September's only lead, is on the mailing list and nothing more: she opens a newsletter
    // and clicks in it five minutes later, never on the site, unknown to the CRM.
    event('', '2026-09-15 08:00:00', { type: 'event', name: 'email_open', email: IDA }),
    event('', '2026-09-15 08:05:00', { type: 'event', name: 'email_click', email: IDA }),
    // Gia, October's other new lead: the pricing page, a form, then nothing for 18 days until
    // she scans a QR code (a medium no rule knows: channel other) and is reactivated.
    event('g-laptop', '2026-10-21 10:00:00', { path: '/pricing', is_pricing: true }),
    event('g-laptop', '2026-10-21 10:01:00', {
      type: 'identify',
      path: '/contact',
      email: GIA,
      props: JSON.stringify({ job_title: 'Marketing Manager' }),
    }),
    event('g-laptop', '2026-11-08 09:00:00', {
      utm_source: 'trade_fair',
      utm_medium: 'qr',
      utm_campaign: 'booth_flyer',
    }),
    // A crawler: stored, never in the marts.
    event('crawler', '2026-11-02 10:00:00', { is_bot: true, browser: 'Googlebot' }),
  ]
  await warehouse.client.insert({
    table: 'leadhouse.events',
    values: events,
    format: 'JSONEachRow',
  })
  // 400 newsletters went out on 2 November.
  await warehouse.client.insert({
    table: 'leadhouse.campaign_costs',
    values: [
      {
        day: '2026-11-02',
        channel: 'email',
        source: 'newsletter',
        medium: 'email',
        campaign: 'nov',
        cost: 50,
        currency: 'EUR',
        impressions: 400,
        clicks: 0,
        received_at: '2026-11-02 00:00:00.000',
      },
    ],
    format: 'JSONEachRow',
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    values: [
      {
        record_id: 'call-1',
        type: 'call',
        occurred_at: '2026-11-03 09:00:00.000',
        received_at: '2026-11-03 09:00:00.000',
        email: 'Ada@Example.com',
        owner: 'sam',
      },
      crm('accept-ada', 'sql_decision', '2026-11-04 10:00:00', ADA, { decision: 'accepted' }),
      crm('opp-ada', 'opportunity', '2026-11-05 10:00:00', ADA, { amount: 12000, currency: 'EUR' }),
      crm('deal-ada', 'deal', '2026-11-08 10:00:00', ADA, {
        outcome: 'won',
        amount: 12000,
        currency: 'EUR',
      }),
      crm('contact-eve', 'contact', '2026-11-01 08:00:00', EVE),
      crm('mql-eve', 'stage_change', '2026-11-01 09:00:00', EVE, { stage: 'mql' }),
      crm('reject-eve', 'sql_decision', '2026-11-02 09:00:00', EVE, { decision: 'rejected' }),
      // Rejected again the next day, with no MQL between: she is recycled once.
      crm('reject-eve-2', 'sql_decision', '2026-11-03 09:00:00', EVE, { decision: 'rejected' }),
      // Hal, met by sales in October and never on the site: the whole way to evangelist.
      crm('contact-hal', 'contact', '2026-10-05 09:00:00', HAL, {
        company: 'Globex AG',
        industry: 'Manufacturing',
        country: 'AT',
        job_title: 'CEO',
        need: 'attribution across channels',
        timeline: 'Q1 2027',
      }),
      crm('mql-hal', 'stage_change', '2026-10-06 09:00:00', HAL, { stage: 'mql' }),
      crm('accept-hal', 'sql_decision', '2026-10-08 09:00:00', HAL, { decision: 'accepted' }),
      crm('opp-hal', 'opportunity', '2026-10-12 09:00:00', HAL, { amount: 30000, currency: 'EUR' }),
      crm('deal-hal', 'deal', '2026-10-26 09:00:00', HAL, {
        outcome: 'won',
        amount: 30000,
        currency: 'EUR',
      }),
      crm('evangelist-hal', 'stage_change', '2026-10-29 09:00:00', HAL, { stage: 'evangelist' }),
      // Kim, August's only lead, never on the site: the first the CRM sends of her is sales
      // rejecting her, before she was ever an MQL, then a call ten days later.
      crm('reject-kim', 'sql_decision', '2026-08-10 09:00:00', KIM, { decision: 'rejected' }),
      crm('call-kim', 'call', '2026-08-20 09:00:00', KIM),
      {
        record_id: 'contact-ada',
        type: 'contact',
        occurred_at: '2026-11-03 09:30:00.000',
        received_at: '2026-11-03 09:30:00.000',
        email: ADA,
        company: 'Acme GmbH',
        company_size: 250,
        industry: 'Software',
        country: 'DE',
        job_title: 'Head of Marketing',
        budget: 'approved for 2027',
      },
    ],
    format: 'JSONEachRow',
  })
  const result = await buildModels({ warehouse, vars: VARS })
  expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
})

/** A copy of Leadhouse's dbt project, whose seeds a test may edit. */
function copyOfProject(): string {
  const projectDir = mkdtempSync(join(tmpdir(), 'leadhouse-models-'))
  cpSync(LEADHOUSE_PROJECT_DIR, projectDir, {
    recursive: true,
    filter: (path) => !/node_modules|target/.test(path),
  })
  return projectDir
}

/** Rows of `query` as arrays of values, in column order: compact tables to compare. */
async function table(query: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  return (await rows(await opened, query, params)).map((row) => Object.values(row))
}

describe('touchpoints', () => {
  it('one per session, with source, medium, campaign and GA4-style channel', async () => {
    expect(
      await table(
        `SELECT anonymous_id, email, landing_path, source, medium, campaign, channel, touch_number
         FROM leadhouse.touchpoints ORDER BY anonymous_id, ts`,
      ),
    ).toEqual([
      ['a-laptop', ADA, '/', 'google', 'organic', '', 'organic_search', '1'],
      ['a-laptop', ADA, '/webinar', 'newsletter', 'email', 'nov', 'email', '2'],
      ['a-phone', ADA, '/demo', 'google', 'cpc', '', 'paid_search', '3'],
      ['b-desktop', '', '/', 'linkedin', 'social', '', 'organic_social', '1'],
      ['b-desktop', '', '/abm', 'linkedin', 'paid_social', 'abm', 'paid_social', '2'],
      ['b-desktop', '', '/about', '(direct)', '(none)', '', 'direct', '3'],
      ['b-desktop', '', '/blog', '(direct)', '(none)', '', 'direct', '4'],
      ['b-desktop', '', '/', 'partner.example', 'referral', '', 'referral', '5'],
      ['c-tablet', CEM, '/careers', '(direct)', '(none)', '', 'direct', '1'],
      ['d-laptop', DAN, '/newsletter', '(direct)', '(none)', '', 'direct', '1'],
      ['e-laptop', EVE, '/pricing', '(direct)', '(none)', '', 'direct', '1'],
      ['g-laptop', GIA, '/pricing', '(direct)', '(none)', '', 'direct', '1'],
      // UTM parameters that match no rule of the grouping.
      ['g-laptop', GIA, '/', 'trade_fair', 'qr', 'booth_flyer', 'other', '2'],
    ])
  })
})

describe('activity_log', () => {
  it("joins a lead's devices, email links and the sales log into one ordered history", async () => {
    expect(
      await table(
        `SELECT seq, anonymous_id, source, type, name, path, channel, previous_path, is_pricing
         FROM leadhouse.activity_log WHERE email = {email:String} ORDER BY seq`,
        { email: ADA },
      ),
    ).toEqual([
      ['1', 'a-laptop', 'web', 'pageview', '', '/', 'organic_search', '', false],
      ['2', 'a-laptop', 'web', 'pageview', '', '/pricing', 'organic_search', '/', true],
      ['3', 'a-laptop', 'web', 'pageview', '', '/webinar', 'email', '/pricing', false],
      ['4', 'a-laptop', 'web', 'identify', '', '/webinar', 'email', '/webinar', false],
      ['5', 'a-laptop', 'web', 'event', 'download', '/webinar', 'email', '/webinar', false],
      ['6', '', 'web', 'event', 'email_open', '/', 'email', '/webinar', false],
      ['7', '', 'web', 'event', 'email_click', '/', 'email', '/webinar', false],
      ['8', 'a-phone', 'web', 'pageview', '', '/demo', 'paid_search', '/webinar', false],
      ['9', 'a-phone', 'web', 'identify', '', '/demo', 'paid_search', '/demo', false],
      ['10', '', 'sales', 'call', '', '', 'sales', '/demo', false],
      ['11', '', 'sales', 'sql_decision', '', '', 'sales', '/demo', false],
      ['12', '', 'sales', 'opportunity', '', '', 'sales', '/demo', false],
      ['13', '', 'sales', 'deal', '', '', 'sales', '/demo', false],
    ])
  })

  it('keeps visitors who are not leads, each event once, and no bots', async () => {
    expect(
      await table(
        `SELECT countIf(anonymous_id = 'b-desktop'), countIf(anonymous_id = 'crawler'),
                maxIf(seq, anonymous_id = 'b-desktop')
         FROM leadhouse.activity_log`,
      ),
    ).toEqual([['5', '0', '5']])
  })
})

describe('lead_scores and leads', () => {
  it('adds fit, decaying engagement and negative points, with the reasons', async () => {
    // Worked out by hand at 2026-11-10 00:00 (half-lives: pricing 30 days, return visits 30,
    // downloads 60, email clicks 30): pricing 10 * 0.5^(7.62/30) = 8.4; return visits
    // 2 * 0.5^(7.54/30) + 2 * 0.5^(6.67/30) = 3.4; download 8 * 0.5^(7.54/60) = 7.3; email click
    // 3 * 0.5^(7.50/30) = 2.5. Fit: Head of 20, 250 employees 10, Software 10, DE 5, budget 10.
    expect(
      await table(
        `SELECT email, score, fit_score, engagement_score, negative_score, temperature, traffic_light, is_mql, reasons_text
         FROM leadhouse.lead_scores ORDER BY email`,
      ),
    ).toEqual([
      [
        ADA,
        76.6,
        55,
        21.6,
        0,
        'hot',
        'green',
        true,
        'Decision maker by job title +20; BANT: budget confirmed +10; Company of 50 to 999 employees +10; Industry we serve +10; Visited a pricing page +8.4; Downloaded a guide or white paper +7.3; Country in our sales regions +5; Came back in a new session +3.4; Clicked a link in an email +2.5',
      ],
      [
        CEM,
        -35,
        0,
        0,
        -35,
        'cold',
        'red',
        false,
        'Student or intern -30; Private email address -5',
      ],
      [DAN, 0, 0, 0, 0, 'cold', 'red', false, ''],
      [EVE, 0, 0, 0, 0, 'cold', 'red', false, ''],
      // Pricing 10 * 0.5^(19.58/30) = 6.4 (10-21 10:00 to 11-10); the QR visit of 11-08 09:00,
      // 2 * 0.5^(1.625/30) = 1.9; a manager 10.
      [
        GIA,
        18.3,
        10,
        8.3,
        0,
        'cold',
        'red',
        false,
        'Manager by job title +10; Visited a pricing page +6.4; Came back in a new session +1.9',
      ],
      // Only what the CRM knows, which does not decay: warm and yellow, under the MQL threshold
      // whatever sales made of him.
      [
        HAL,
        50,
        50,
        0,
        0,
        'warm',
        'yellow',
        false,
        'Decision maker by job title +20; BANT: need confirmed +10; Industry we serve +10; BANT: timeline known +5; Country in our sales regions +5',
      ],
      // The email click of 09-15 08:05, 3 * 0.5^(55.66/30) = 0.8; 56 days without activity are
      // not yet the 60 of the inactivity rule.
      [IDA, 0.8, 0, 0.8, 0, 'cold', 'red', false, 'Clicked a link in an email +0.8'],
      // No rule matches a rejection or a call; her last entry, the call of 08-20, is 82 days
      // before 11-10: inactive for 60.
      [KIM, -15, 0, 0, -15, 'cold', 'red', false, 'No activity for 60 days -15'],
    ])
  })

  it('gives one row per lead with first touch, first sighting, what the CRM knows and the stage', async () => {
    expect(
      await table(
        `SELECT email, first_seen_at, identified_at, first_touch_channel, first_touch_source, company,
                company_size, job_title, score, current_stage
         FROM leadhouse.leads ORDER BY email`,
      ),
    ).toEqual([
      [
        ADA,
        '2026-11-02 09:00:00.000',
        '2026-11-02 11:01:00.000',
        'organic_search',
        'google',
        'Acme GmbH',
        250,
        'Head of Marketing',
        76.6,
        'customer',
      ],
      [
        CEM,
        '2026-11-05 10:00:00.000',
        '2026-11-05 10:01:00.000',
        'direct',
        '(direct)',
        '',
        null,
        'Werkstudent',
        -35,
        'lead',
      ],
      [
        DAN,
        '2026-11-06 12:00:00.000',
        '2026-11-06 12:00:00.000',
        'direct',
        '(direct)',
        '',
        null,
        '',
        0,
        'subscriber',
      ],
      // Eve was in the CRM before she ever visited.
      [
        EVE,
        '2026-11-01 08:00:00.000',
        '2026-11-01 08:00:00.000',
        'direct',
        '(direct)',
        '',
        null,
        '',
        0,
        'reopened',
      ],
      [
        GIA,
        '2026-10-21 10:00:00.000',
        '2026-10-21 10:01:00.000',
        'direct',
        '(direct)',
        '',
        null,
        'Marketing Manager',
        18.3,
        'reactivated',
      ],
      // Never on the site: no first touch, '(none)' as in the funnel.
      [
        HAL,
        '2026-10-05 09:00:00.000',
        '2026-10-05 09:00:00.000',
        '(none)',
        '',
        'Globex AG',
        null,
        'CEO',
        50,
        'evangelist',
      ],
      // Known only from the email links: identified and first seen at her open, a subscriber.
      [
        IDA,
        '2026-09-15 08:00:00.000',
        '2026-09-15 08:00:00.000',
        '(none)',
        '',
        '',
        null,
        '',
        0.8,
        'subscriber',
      ],
      // Known only from the CRM, since its rejection: a lead, as a rejection before any MQL
      // recycles nothing.
      [
        KIM,
        '2026-08-10 09:00:00.000',
        '2026-08-10 09:00:00.000',
        '(none)',
        '',
        '',
        null,
        '',
        -15,
        'lead',
      ],
    ])
  })

  it('re-scores all history when the rules seed changes', async () => {
    const projectDir = copyOfProject()
    const rules = join(projectDir, 'seeds', 'scoring_rules.csv')
    // Sales now counts pricing-page visits double: Ada gains another 8.4.
    writeFileSync(
      rules,
      readFileSync(rules, 'utf8').replace(
        'pricing_visit,Visited a pricing page,implicit,pricing_page,,10,',
        'pricing_visit,Visited a pricing page,implicit,pricing_page,,20,',
      ),
    )
    const warehouse = await opened
    try {
      await buildModels({ warehouse, projectDir, vars: VARS })
      expect(
        await table('SELECT score FROM leadhouse.lead_scores WHERE email = {email:String}', {
          email: ADA,
        }),
      ).toEqual([[85]])
    } finally {
      await buildModels({ warehouse, vars: VARS })
    }
  })

  it('drops the points of a rule taken out of the seed, even from a lead left with none', async () => {
    const projectDir = copyOfProject()
    const rules = join(projectDir, 'seeds', 'scoring_rules.csv')
    // Cem's only points: a student (-30) with a private address (-5).
    writeFileSync(
      rules,
      readFileSync(rules, 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('student,') && !line.startsWith('free_mail,'))
        .join('\n'),
    )
    const warehouse = await opened
    const cem = () =>
      table(
        `SELECT
           (SELECT count() FROM leadhouse.int_score_hits WHERE email = {email:String}),
           (SELECT count() FROM leadhouse.int_score_rule_totals WHERE email = {email:String}),
           (SELECT score FROM leadhouse.lead_scores WHERE email = {email:String}),
           (SELECT groupArray(score) FROM leadhouse.int_score_checkpoints WHERE email = {email:String})`,
        { email: CEM },
      )
    try {
      expect((await buildModels({ warehouse, projectDir, vars: VARS })).success).toBe(true)
      const incremental = await cem()
      expect(incremental).toEqual([['0', '0', 0, []]])
      await buildModels({ warehouse, projectDir, vars: VARS, fullRefresh: true })
      expect(await cem()).toEqual(incremental)
    } finally {
      await buildModels({ warehouse, vars: VARS, fullRefresh: true })
    }
  })
})

describe('score_trajectory', () => {
  it('has a row for each day a rule matched and today, with the change and its main cause', async () => {
    // End of 2 November: 10 * 0.5^(0.62/30) + 2 * 0.5^(0.54/30) + 8 * 0.5^(0.54/60)
    // + 3 * 0.5^(0.50/30) = 22.7; end of 3 November, with the CRM's 55 fit points: 79.3; then
    // a week of decay to the current 76.6.
    expect(
      await table(
        `SELECT email, day, score, change, main_cause FROM leadhouse.score_trajectory
         WHERE email IN ({ada:String}, {cem:String}) ORDER BY email, day`,
        { ada: ADA, cem: CEM },
      ),
    ).toEqual([
      [ADA, '2026-11-02', 22.7, 22.7, 'Visited a pricing page'],
      [ADA, '2026-11-03', 79.3, 56.6, 'Decision maker by job title'],
      [ADA, '2026-11-10', 76.6, -2.7, 'decay'],
      [CEM, '2026-11-05', -35, -35, 'Student or intern'],
      [CEM, '2026-11-10', -35, 0, 'no change'],
    ])
  })
})

describe('lifecycle_stages', () => {
  it('moves forward through the stages to evangelist, recycles on a rejection, reopens or reactivates after quiet days', async () => {
    expect(
      await table(
        `SELECT email, stage_number, stage, entered_at, previous_stage, is_current
         FROM leadhouse.lifecycle_stages ORDER BY email, stage_number`,
      ),
    ).toEqual([
      [ADA, '1', 'lead', '2026-11-02 11:01:00.000', '', false],
      // Her score crossed 60 when the CRM's firmographics arrived.
      [ADA, '2', 'mql', '2026-11-03 09:30:00.000', 'lead', false],
      [ADA, '3', 'sql', '2026-11-04 10:00:00.000', 'mql', false],
      [ADA, '4', 'opportunity', '2026-11-05 10:00:00.000', 'sql', false],
      [ADA, '5', 'customer', '2026-11-08 10:00:00.000', 'opportunity', true],
      [CEM, '1', 'lead', '2026-11-05 10:01:00.000', '', true],
      [DAN, '1', 'subscriber', '2026-11-06 12:00:00.000', '', true],
      [EVE, '1', 'lead', '2026-11-01 08:00:00.000', '', false],
      [EVE, '2', 'mql', '2026-11-01 09:00:00.000', 'lead', false],
      [EVE, '3', 'recycled', '2026-11-02 09:00:00.000', 'mql', false],
      [EVE, '4', 'reopened', '2026-11-07 10:00:00.000', 'recycled', true],
      // 18 quiet days after her form (3 reactivate), not recycled: reactivated.
      [GIA, '1', 'lead', '2026-10-21 10:01:00.000', '', false],
      [GIA, '2', 'reactivated', '2026-11-08 09:00:00.000', 'lead', true],
      // Each stage from the CRM; evangelist follows the won deal.
      [HAL, '1', 'lead', '2026-10-05 09:00:00.000', '', false],
      [HAL, '2', 'mql', '2026-10-06 09:00:00.000', 'lead', false],
      [HAL, '3', 'sql', '2026-10-08 09:00:00.000', 'mql', false],
      [HAL, '4', 'opportunity', '2026-10-12 09:00:00.000', 'sql', false],
      [HAL, '5', 'customer', '2026-10-26 09:00:00.000', 'opportunity', false],
      [HAL, '6', 'evangelist', '2026-10-29 09:00:00.000', 'customer', true],
      // Only email links: a subscriber from her first open; the click after it is no new stage.
      [IDA, '1', 'subscriber', '2026-09-15 08:00:00.000', '', true],
      // Rejected by sales before she was ever an MQL: no recycle, a lead from that record on; the
      // call after it is no new stage.
      [KIM, '1', 'lead', '2026-08-10 09:00:00.000', '', true],
    ])
  })
})

/** A funnel row of a month and channel with one lead who went no further. */
function oneLeadNoFurther(month: string, channel: string) {
  return [month, channel, '1', '0', '0', '0', '0', 0, null, null, null, 0, null, null, null, null]
}

describe('cohort_score_profile, funnel and kpi_daily', () => {
  it("profiles the month's new leads by their scores at the month's end", async () => {
    expect(
      await table(
        `SELECT month, leads, cold, warm, hot, red, yellow, green, mql_at_month_end,
                mean_score, p25_score, median_score, p75_score, median_change, mean_change, leads_change
         FROM leadhouse.cohort_score_profile ORDER BY month`,
      ),
    ).toEqual([
      // August, scored at its end (31 August 23:59:59.999): Kim 0, no rule matched and 11 days
      // since her call are not yet inactive.
      ['2026-08-01', '1', '1', '0', '0', '1', '0', '0', '0', 0, 0, 0, 0, null, null, null],
      // September, scored at its end (30 September 23:59:59.999): Ida's click of 09-15 08:05,
      // 3 * 0.5^(15.66/30) = 2.1. Against August: the median and the mean 2.1 - 0, the leads 1 - 1.
      ['2026-09-01', '1', '1', '0', '0', '1', '0', '0', '0', 2.1, 2.1, 2.1, 2.1, 2.1, 2.1, '0'],
      // October, scored at its end (31 October 23:59:59.999): Gia 10 + 10 * 0.5^(11.58/30) = 17.8
      // (the QR visit comes later), Hal 50. Quartiles interpolate (R-7, as PERCENTILE.INC):
      // 17.8 + 0.25 * 32.2 = 25.85, the median 33.9, 17.8 + 0.75 * 32.2 = 41.95; rounded half
      // to even, 25.8 and 42. Against September: the median and the mean 33.9 - 2.1, the leads
      // 2 - 1.
      ['2026-10-01', '2', '1', '1', '0', '1', '1', '0', '0', 33.9, 25.8, 33.9, 42, 31.8, 31.8, '1'],
      // November, scored now: Ada 76.6, Cem -35, Dan 0, Eve 0, sorted -35, 0, 0, 76.6: the first
      // quartile -35 + 0.75 * 35 = -8.75 (-8.8), the median 0, the third 0 + 0.25 * 76.6 = 19.15
      // (19.2). Against October: the median 0 - 33.9, the mean 10.4 - 33.9, the leads 4 - 2.
      [
        '2026-11-01',
        '4',
        '3',
        '0',
        '1',
        '3',
        '0',
        '1',
        '1',
        10.4,
        -8.8,
        0,
        19.2,
        -33.9,
        -23.5,
        '2',
      ],
    ])
  })

  it('counts the funnel per first-touch channel, with conversion rates and days between stages', async () => {
    expect(
      await table(
        `SELECT month, first_touch_channel, leads, mqls, sqls, opportunities, customers,
                lead_to_mql_rate, mql_to_sql_rate, sql_to_opportunity_rate, opportunity_to_customer_rate,
                lead_to_customer_rate, median_days_lead_to_mql, median_days_mql_to_sql,
                median_days_sql_to_opportunity, median_days_opportunity_to_customer
         FROM leadhouse.funnel ORDER BY month, first_touch_channel`,
      ),
    ).toEqual([
      // August: Kim (no touchpoint), a lead and no further.
      oneLeadNoFurther('2026-08-01', '(none)'),
      oneLeadNoFurther('2026-08-01', 'all'),
      // September: Ida (no touchpoint), a subscriber and no further.
      oneLeadNoFurther('2026-09-01', '(none)'),
      oneLeadNoFurther('2026-09-01', 'all'),
      // October: Hal (no touchpoint) 1, 2, 4 and 14 days from stage to stage; Gia no further.
      ['2026-10-01', '(none)', '1', '1', '1', '1', '1', 1, 1, 1, 1, 1, 1, 2, 4, 14],
      ['2026-10-01', 'all', '2', '1', '1', '1', '1', 0.5, 1, 1, 1, 0.5, 1, 2, 4, 14],
      oneLeadNoFurther('2026-10-01', 'direct'),
      // From lead to MQL: Eve 1 hour (0.04 days), Ada 22.5 hours (0.94): the median of the two
      // is their mean, 0.49.
      ['2026-11-01', 'all', '4', '2', '1', '1', '1', 0.5, 0.5, 1, 1, 0.25, 0.5, 1, 1, 3],
      [
        '2026-11-01',
        'direct',
        '3',
        '1',
        '0',
        '0',
        '0',
        0.3333,
        0,
        null,
        null,
        0,
        0,
        null,
        null,
        null,
      ],
      ['2026-11-01', 'organic_search', '1', '1', '1', '1', '1', 1, 1, 1, 1, 1, 0.9, 1, 1, 3],
    ])
  })

  it('reports the daily numbers', async () => {
    expect(
      await table(
        `SELECT day, visitors, pageviews, new_leads, visitor_to_lead_rate, mqls, sqls, reopened,
                reactivated, emails_sent, email_opens, email_clicks, email_open_rate, email_click_rate,
                email_click_to_open_rate
         FROM leadhouse.kpi_daily WHERE day IN ('2026-11-01', '2026-11-02', '2026-11-07', '2026-11-08')
         ORDER BY day`,
      ),
    ).toEqual([
      ['2026-11-01', '0', '0', '1', null, '1', '0', '0', '0', '0', '0', '0', null, null, null],
      // One click of two opens.
      ['2026-11-02', '2', '5', '1', 0.5, '0', '0', '0', '0', '400', '2', '1', 0.005, 0.0025, 0.5],
      ['2026-11-07', '0', '0', '0', null, '0', '0', '1', '0', '0', '0', '0', null, null, null],
      // Gia's QR visit: one visitor, no new lead, one reactivated.
      ['2026-11-08', '1', '1', '0', 0, '0', '0', '0', '1', '0', '0', '0', null, null, null],
    ])
  })
})

describe('incremental builds', () => {
  it('give the same marts as a full rebuild after new and late events', async () => {
    const warehouse = await opened
    await warehouse.client.insert({
      table: 'leadhouse.events',
      values: [
        // A new visitor, a known one back, Ada asking for a demo, and an event of the visitor's
        // first day delivered a week late: their whole history is cut into sessions again.
        event('f-phone', '2026-11-09 10:00:00', { referrer: 'https://duckduckgo.com/' }),
        event('b-desktop', '2026-11-09 11:00:00', { path: '/pricing', is_pricing: true }),
        {
          ...event('b-desktop', '2026-11-02 10:40:00', { path: '/abm/late' }),
          received_at: '2026-11-09 12:00:00.000',
        },
        event('a-phone', '2026-11-09 12:00:00', { type: 'event', name: 'demo_request' }),
        event('a-phone', '2026-11-09 12:05:00', { path: '/case-studies/globex' }),
        // A retry delivers an event already built once more.
        { ...retried, received_at: '2026-11-09 12:30:00.000' },
        // The staging site, left out of every mart.
        event('g-tester', '2026-11-09 13:00:00', { site_id: 'acme-staging' }),
        // The visitor on the desktop fills in a form: their whole history joins the new lead.
        event('b-desktop', '2026-11-09 11:05:00', {
          type: 'identify',
          path: '/pricing',
          email: 'bo@example.com',
        }),
        // Cem on a second device: both devices' histories are one, numbered again.
        event('c-phone', '2026-11-09 14:00:00', { path: '/jobs' }),
        event('c-phone', '2026-11-09 14:01:00', { type: 'identify', path: '/jobs', email: CEM }),
        // Dan opens a newsletter, and so do Ida, known only from the email links, and Jo, new.
        event('', '2026-11-09 15:00:00', { type: 'event', name: 'email_open', email: DAN }),
        event('', '2026-11-09 15:10:00', { type: 'event', name: 'email_open', email: IDA }),
        event('', '2026-11-09 15:20:00', { type: 'event', name: 'email_open', email: JO }),
        // Hal, an evangelist since 10-29, clicks a newsletter link: no sleeping lead, no new stage.
        event('', '2026-11-09 15:30:00', { type: 'event', name: 'email_click', email: HAL }),
      ],
      format: 'JSONEachRow',
    })
    await warehouse.client.insert({
      table: 'leadhouse.crm_events',
      values: [
        crm('call-dan', 'call', '2026-11-09 16:00:00', DAN),
        // Ada's first call, sent again filed under Dan: it leaves Ada's history for Dan's.
        {
          record_id: 'call-1',
          type: 'call',
          occurred_at: '2026-11-03 09:00:00.000',
          received_at: '2026-11-09 16:30:00.000',
          email: DAN,
          owner: 'sam',
        },
      ],
      format: 'JSONEachRow',
    })
    const marts = [
      'int_sessionized_events',
      'int_visitor_days',
      'int_email_link_events',
      'int_lead_attributes',
      'int_score_hits',
      'int_score_rule_totals',
      'int_score_checkpoints',
      'int_score_days',
      'int_cohort_scores',
      'touchpoints',
      'touchpoint_days',
      'activity_log',
      'leads',
      'lead_scores',
      'cohort_score_profile',
      'score_trajectory',
      'lifecycle_stages',
      'lead_stage_times',
      'funnel',
      'kpi_daily',
      'lead_routing_inputs',
      'lead_routes',
      'lead_assignments',
      'alerts',
    ]
    const fingerprints = async () =>
      Object.fromEntries(
        await Promise.all(
          marts.map(async (mart) => {
            const [row] = await table(
              `SELECT count(), groupBitXor(cityHash64(*)) FROM leadhouse.${mart}`,
            )
            return [mart, row] as const
          }),
        ),
      )
    const incremental = await buildModels({ warehouse, vars: VARS })
    expect(incremental.success).toBe(true)
    // Ida's stages are built again (her open changed her fingerprint): back after 55 quiet days,
    // reactivated. Jo's first open makes her a subscriber. Hal stays an evangelist.
    expect(
      await table(
        `SELECT email, stage_number, stage, entered_at, is_current FROM leadhouse.lifecycle_stages
         WHERE email IN ({hal:String}, {ida:String}, {jo:String}) ORDER BY email, stage_number`,
        { hal: HAL, ida: IDA, jo: JO },
      ),
    ).toEqual([
      [HAL, '1', 'lead', '2026-10-05 09:00:00.000', false],
      [HAL, '2', 'mql', '2026-10-06 09:00:00.000', false],
      [HAL, '3', 'sql', '2026-10-08 09:00:00.000', false],
      [HAL, '4', 'opportunity', '2026-10-12 09:00:00.000', false],
      [HAL, '5', 'customer', '2026-10-26 09:00:00.000', false],
      [HAL, '6', 'evangelist', '2026-10-29 09:00:00.000', true],
      [IDA, '1', 'subscriber', '2026-09-15 08:00:00.000', false],
      [IDA, '2', 'reactivated', '2026-11-09 15:10:00.000', true],
      [JO, '1', 'subscriber', '2026-11-09 15:20:00.000', true],
    ])
    const afterIncremental = await fingerprints()
    const full = await buildModels({ warehouse, vars: VARS, fullRefresh: true })
    expect(full.success).toBe(true)
    expect(await fingerprints()).toEqual(afterIncremental)
    expect(
      await table(
        `SELECT rule_id, detail FROM leadhouse.int_score_hits
         WHERE email = {email:String} AND rule_id IN ('case_study', 'demo_request') ORDER BY ts`,
        { email: ADA },
      ),
    ).toEqual([
      ['demo_request', 'demo_request'],
      ['case_study', '/case-studies/globex'],
    ])
    expect(
      await table("SELECT count() FROM leadhouse.activity_log WHERE anonymous_id = 'g-tester'"),
    ).toEqual([['0']])
    expect(
      await table(
        `SELECT person_key, count(), max(seq), countIf(seq = 1) FROM leadhouse.activity_log
         WHERE anonymous_id IN ('b-desktop', 'c-tablet', 'c-phone') OR record_id = 'call-1'
         GROUP BY person_key ORDER BY person_key`,
      ),
    ).toEqual([
      ['lead:bo@example.com', '8', '8', '1'],
      ['lead:cem@gmail.com', '4', '4', '1'],
      ['lead:dan@example.org', '1', '1', '1'],
    ])
    // The late event now sits between two page views of the same session.
    expect(
      await table(
        `SELECT path, session_key FROM leadhouse.int_sessionized_events
         WHERE anonymous_id = 'b-desktop' AND toDate(ts) = '2026-11-02' ORDER BY ts`,
      ),
    ).toEqual([
      ['/', 'b-desktop#1'],
      ['/abm', 'b-desktop#2'],
      ['/abm/late', 'b-desktop#2'],
    ])
  })

  it('redoes only the people with rows received since the last build', async () => {
    const warehouse = await opened
    // Marks on rows of Eve and Cem, whom nothing new touches (a rebuilt row would lose them),
    // and of Ada, who comes back. The stages' mark is a stage, as the build's tests accept only
    // those, that is no previous stage of theirs.
    for (const query of [
      `ALTER TABLE leadhouse.activity_log UPDATE title = 'kept' WHERE email = '${EVE}'`,
      `ALTER TABLE leadhouse.touchpoints UPDATE landing_path = 'kept' WHERE email = '${EVE}'`,
      `ALTER TABLE leadhouse.int_score_hits UPDATE detail = 'kept' WHERE email IN ('${CEM}', '${ADA}')`,
      `ALTER TABLE leadhouse.lifecycle_stages UPDATE previous_stage = 'evangelist' WHERE email IN ('${EVE}', '${ADA}')`,
    ])
      await warehouse.client.command({ query, clickhouse_settings: { mutations_sync: '2' } })
    await warehouse.client.insert({
      table: 'leadhouse.events',
      values: [event('a-laptop', '2026-11-09 18:00:00', { path: '/pricing', is_pricing: true })],
      format: 'JSONEachRow',
    })
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    expect(
      await table(
        `SELECT
           (SELECT groupUniqArray(title) FROM leadhouse.activity_log WHERE email = {eve:String}),
           (SELECT groupUniqArray(landing_path) FROM leadhouse.touchpoints WHERE email = {eve:String}),
           (SELECT countIf(title = 'kept') FROM leadhouse.activity_log WHERE email = {ada:String}),
           (SELECT max(seq) FROM leadhouse.activity_log WHERE email = {ada:String}),
           (SELECT groupUniqArray(detail) FROM leadhouse.int_score_hits WHERE email = {cem:String}),
           (SELECT countIf(detail = 'kept') FROM leadhouse.int_score_hits WHERE email = {ada:String}),
           (SELECT groupUniqArray(previous_stage) FROM leadhouse.lifecycle_stages WHERE email = {eve:String}),
           (SELECT countIf(previous_stage = 'evangelist') FROM leadhouse.lifecycle_stages WHERE email = {ada:String})`,
        { eve: EVE, ada: ADA, cem: CEM },
      ),
    ).toEqual([[['kept'], ['kept'], '0', '15', ['kept'], '0', ['evangelist'], '0']])
  })

  it('score the days and months that have ended since the last build as a full rebuild does', async () => {
    const warehouse = await opened
    const marts = [
      'int_score_rule_totals',
      'int_score_checkpoints',
      'int_score_days',
      'int_cohort_scores',
      'cohort_score_profile',
      'score_trajectory',
      'lead_scores',
    ]
    // built_for_day records when a lead's rows were built: the one column that may differ.
    const fingerprints = () =>
      Promise.all(
        marts.map((mart) =>
          table(
            `SELECT count(), groupBitXor(cityHash64(* EXCEPT (built_for_day))) FROM leadhouse.${mart}`,
          ),
        ),
      )
    // Ada's visit on the morning of the 10th, scored that evening, is today's: not yet a finished
    // day. Two days later, with nothing new, the 10th has ended and is scored as one.
    await warehouse.client.insert({
      table: 'leadhouse.events',
      values: [event('a-laptop', '2026-11-10 09:00:00', { path: '/pricing', is_pricing: true })],
      format: 'JSONEachRow',
    })
    const evening = { ...VARS, score_as_of: '2026-11-10 20:00:00' }
    expect((await buildModels({ warehouse, vars: evening })).success).toBe(true)
    expect(
      await table(
        `SELECT count() FROM leadhouse.int_score_days WHERE email = {email:String} AND day = '2026-11-10'`,
        { email: ADA },
      ),
    ).toEqual([['0']])
    const later = { ...VARS, score_as_of: '2026-11-12 12:00:00' }
    expect((await buildModels({ warehouse, vars: later })).success).toBe(true)
    const afterIncremental = await fingerprints()
    expect(
      await table(
        `SELECT day FROM leadhouse.score_trajectory WHERE email = {email:String} ORDER BY day DESC LIMIT 3`,
        { email: ADA },
      ),
    ).toEqual([['2026-11-12'], ['2026-11-10'], ['2026-11-09']])
    expect((await buildModels({ warehouse, vars: later, fullRefresh: true })).success).toBe(true)
    expect(await fingerprints()).toEqual(afterIncremental)
    // November has ended: its leads, scored at the build's moment until now, are scored at its end.
    const december = { ...VARS, score_as_of: '2026-12-03 08:00:00' }
    expect((await buildModels({ warehouse, vars: december })).success).toBe(true)
    const afterMonthEnd = await fingerprints()
    expect(
      await table(
        `SELECT toString(as_of), month_ended FROM leadhouse.int_cohort_scores WHERE email = {email:String}`,
        { email: ADA },
      ),
    ).toEqual([['2026-11-30 23:59:59.999', true]])
    expect((await buildModels({ warehouse, vars: december, fullRefresh: true })).success).toBe(true)
    expect(await fingerprints()).toEqual(afterMonthEnd)
  })

  it('take each source from its own newest stamp: a sales log received later hides no events', async () => {
    const warehouse = await opened
    // The CRM's log arrives hours after the events it follows; events received before it,
    // outside the lookback from its stamp, still reach the next build.
    await warehouse.client.insert({
      table: 'leadhouse.crm_events',
      values: [
        {
          ...crm('call-late', 'call', '2026-11-12 09:00:00', DAN),
          received_at: '2026-11-12 15:00:00.000',
        },
      ],
      format: 'JSONEachRow',
    })
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    await warehouse.client.insert({
      table: 'leadhouse.events',
      values: [event('z-late', '2026-11-12 10:30:00', { path: '/pricing', is_pricing: true })],
      format: 'JSONEachRow',
    })
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    expect(
      await table(
        "SELECT person_key, path FROM leadhouse.activity_log WHERE anonymous_id = 'z-late'",
      ),
    ).toEqual([['visitor:z-late', '/pricing']])
  })

  it('classify every visitor again when the channel seeds change', async () => {
    const warehouse = await opened
    const projectDir = copyOfProject()
    // The partner's site turns out to be a social network.
    const networks = join(projectDir, 'seeds', 'channel_social_networks.csv')
    writeFileSync(
      networks,
      `${readFileSync(networks, 'utf8').trimEnd()}\npartner.example,partner\n`,
    )
    const channels = () =>
      table(
        `SELECT
           (SELECT groupUniqArray(channel) FROM leadhouse.touchpoints WHERE referrer LIKE '%partner.example%'),
           (SELECT groupUniqArray(channel) FROM leadhouse.activity_log WHERE referrer LIKE '%partner.example%')`,
      )
    expect((await buildModels({ warehouse, projectDir, vars: VARS })).success).toBe(true)
    expect(await channels()).toEqual([[['organic_social'], ['organic_social']]])
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    expect(await channels()).toEqual([[['referral'], ['referral']]])
  })

  it('stop with an error when a var the events were filtered with changed', async () => {
    const warehouse = await opened
    const changed = await buildModels({ warehouse, vars: { ...VARS, excluded_sites: [] } })
    expect(changed.success).toBe(false)
    expect(changed.results.find((node) => node.name === 'int_sessionized_events')?.message).toMatch(
      'var session_timeout_minutes or excluded_sites changed since the last build: rebuild with --full-refresh',
    )
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
  })
})
