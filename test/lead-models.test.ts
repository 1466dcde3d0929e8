/**
 * Leadhouse's dbt project on hand-made raw data whose right answers are worked out by hand:
 * sessions, channels, identity stitching across devices, the activity log with the sales log.
 */
import { randomUUID } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from '@leadhouse/collector'
import { buildModels, LEADHOUSE_PROJECT_DIR } from '@leadhouse/models'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const ADA = 'ada@example.com'
const CEM = 'cem@gmail.com'
/** Scores are taken at this moment, so decay is the same on every run. */
const VARS = { score_as_of: '2026-11-10 00:00:00' }
const BROWSER = { browser: 'Chrome', os: 'Mac OS', device: 'desktop' }

/** An events row as the collector writes it; `at` is UTC without the Z. */
function event(anonymousId: string, at: string, fields: Record<string, unknown> = {}) {
  const ts = `${at}.000`
  return {
    event_id: randomUUID(),
    site_id: 'acme',
    type: 'pageview',
    ts,
    client_ts: ts,
    received_at: ts,
    anonymous_id: anonymousId,
    url: `https://acme.test${fields.path ?? '/'}`,
    path: '/',
    ...BROWSER,
    ...fields,
  }
}

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  const retried = event('b-desktop', '2026-11-04 12:00:00', { path: '/blog' })
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
    // A crawler: stored, never in the marts.
    event('crawler', '2026-11-02 10:00:00', { is_bot: true, browser: 'Googlebot' }),
  ]
  await warehouse.client.insert({
    table: 'leadhouse.events',
    values: events,
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

describe('touchpoints', () => {
  it('one per session, with source, medium, campaign and GA4-style channel', async () => {
    const touchpoints = await rows(
      await opened,
      `SELECT anonymous_id, email, landing_path, source, medium, campaign, channel, touch_number
       FROM leadhouse.touchpoints ORDER BY anonymous_id, ts`,
    )
    expect(touchpoints).toEqual([
      {
        anonymous_id: 'a-laptop',
        email: ADA,
        landing_path: '/',
        source: 'google',
        medium: 'organic',
        campaign: '',
        channel: 'organic_search',
        touch_number: '1',
      },
      {
        anonymous_id: 'a-laptop',
        email: ADA,
        landing_path: '/webinar',
        source: 'newsletter',
        medium: 'email',
        campaign: 'nov',
        channel: 'email',
        touch_number: '2',
      },
      {
        anonymous_id: 'a-phone',
        email: ADA,
        landing_path: '/demo',
        source: 'google',
        medium: 'cpc',
        campaign: '',
        channel: 'paid_search',
        touch_number: '3',
      },
      {
        anonymous_id: 'b-desktop',
        email: '',
        landing_path: '/',
        source: 'linkedin',
        medium: 'social',
        campaign: '',
        channel: 'organic_social',
        touch_number: '1',
      },
      {
        anonymous_id: 'b-desktop',
        email: '',
        landing_path: '/abm',
        source: 'linkedin',
        medium: 'paid_social',
        campaign: 'abm',
        channel: 'paid_social',
        touch_number: '2',
      },
      {
        anonymous_id: 'b-desktop',
        email: '',
        landing_path: '/about',
        source: '(direct)',
        medium: '(none)',
        campaign: '',
        channel: 'direct',
        touch_number: '3',
      },
      {
        anonymous_id: 'b-desktop',
        email: '',
        landing_path: '/blog',
        source: '(direct)',
        medium: '(none)',
        campaign: '',
        channel: 'direct',
        touch_number: '4',
      },
      {
        anonymous_id: 'b-desktop',
        email: '',
        landing_path: '/',
        source: 'partner.example',
        medium: 'referral',
        campaign: '',
        channel: 'referral',
        touch_number: '5',
      },
      {
        anonymous_id: 'c-tablet',
        email: CEM,
        landing_path: '/careers',
        source: '(direct)',
        medium: '(none)',
        campaign: '',
        channel: 'direct',
        touch_number: '1',
      },
    ])
  })
})

describe('activity_log', () => {
  it("joins a lead's devices and the sales log into one ordered history", async () => {
    const log = await rows(
      await opened,
      `SELECT anonymous_id, source, type, path, channel, seq, previous_path, is_pricing
       FROM leadhouse.activity_log WHERE email = {email:String} ORDER BY seq`,
      { email: ADA },
    )
    expect(log).toEqual([
      {
        anonymous_id: 'a-laptop',
        source: 'web',
        type: 'pageview',
        path: '/',
        channel: 'organic_search',
        seq: '1',
        previous_path: '',
        is_pricing: false,
      },
      {
        anonymous_id: 'a-laptop',
        source: 'web',
        type: 'pageview',
        path: '/pricing',
        channel: 'organic_search',
        seq: '2',
        previous_path: '/',
        is_pricing: true,
      },
      {
        anonymous_id: 'a-laptop',
        source: 'web',
        type: 'pageview',
        path: '/webinar',
        channel: 'email',
        seq: '3',
        previous_path: '/pricing',
        is_pricing: false,
      },
      {
        anonymous_id: 'a-laptop',
        source: 'web',
        type: 'identify',
        path: '/webinar',
        channel: 'email',
        seq: '4',
        previous_path: '/webinar',
        is_pricing: false,
      },
      {
        anonymous_id: 'a-laptop',
        source: 'web',
        type: 'event',
        path: '/webinar',
        channel: 'email',
        seq: '5',
        previous_path: '/webinar',
        is_pricing: false,
      },
      {
        anonymous_id: 'a-phone',
        source: 'web',
        type: 'pageview',
        path: '/demo',
        channel: 'paid_search',
        seq: '6',
        previous_path: '/webinar',
        is_pricing: false,
      },
      {
        anonymous_id: 'a-phone',
        source: 'web',
        type: 'identify',
        path: '/demo',
        channel: 'paid_search',
        seq: '7',
        previous_path: '/demo',
        is_pricing: false,
      },
      {
        anonymous_id: '',
        source: 'sales',
        type: 'call',
        path: '',
        channel: 'sales',
        seq: '8',
        previous_path: '/demo',
        is_pricing: false,
      },
    ])
  })

  it('keeps visitors who are not leads, each event once, and no bots', async () => {
    const [counts] = await rows(
      await opened,
      `SELECT countIf(anonymous_id = 'b-desktop') AS visitor, countIf(anonymous_id = 'crawler') AS bots,
              max(seq) FILTER (WHERE anonymous_id = 'b-desktop') AS last_seq
       FROM leadhouse.activity_log`,
    )
    expect(counts).toEqual({ visitor: '5', bots: '0', last_seq: '5' })
  })
})

describe('lead_scores and leads', () => {
  it('adds fit, decaying engagement and negative points, with the reasons', async () => {
    // Worked out by hand at 2026-11-10 00:00 (half-lives: pricing 30 days, return visits 30,
    // downloads 60): pricing 10 * 0.5^(7.62/30) = 8.4; return visits 2 * 0.5^(7.54/30) +
    // 2 * 0.5^(6.67/30) = 3.4; download 8 * 0.5^(7.54/60) = 7.3. Fit: Head of 20, 250
    // employees 10, Software 10, DE 5, budget 10.
    const scores = await rows(
      await opened,
      `SELECT email, score, fit_score, engagement_score, negative_score, temperature, traffic_light, is_mql, reasons_text
       FROM leadhouse.lead_scores ORDER BY email`,
    )
    expect(scores).toEqual([
      {
        email: ADA,
        score: 74.1,
        fit_score: 55,
        engagement_score: 19.1,
        negative_score: 0,
        temperature: 'hot',
        traffic_light: 'green',
        is_mql: true,
        reasons_text:
          'Decision maker by job title +20; BANT: budget confirmed +10; Company of 50 to 999 employees +10; Industry we serve +10; Visited a pricing page +8.4; Downloaded a guide or white paper +7.3; Country in our sales regions +5; Came back in a new session +3.4',
      },
      {
        email: CEM,
        score: -35,
        fit_score: 0,
        engagement_score: 0,
        negative_score: -35,
        temperature: 'cold',
        traffic_light: 'red',
        is_mql: false,
        reasons_text: 'Student or intern -30; Private email address -5',
      },
    ])
  })

  it('gives one row per lead with first touch, first sighting and what the CRM knows', async () => {
    const leads = await rows(
      await opened,
      `SELECT email, first_seen_at, identified_at, first_touch_channel, first_touch_source, company, company_size, job_title, score
       FROM leadhouse.leads ORDER BY email`,
    )
    expect(leads).toEqual([
      {
        email: ADA,
        first_seen_at: '2026-11-02 09:00:00.000',
        identified_at: '2026-11-02 11:01:00.000',
        first_touch_channel: 'organic_search',
        first_touch_source: 'google',
        company: 'Acme GmbH',
        company_size: 250,
        job_title: 'Head of Marketing',
        score: 74.1,
      },
      {
        email: CEM,
        first_seen_at: '2026-11-05 10:00:00.000',
        identified_at: '2026-11-05 10:01:00.000',
        first_touch_channel: 'direct',
        first_touch_source: '(direct)',
        company: '',
        company_size: null,
        job_title: 'Werkstudent',
        score: -35,
      },
    ])
  })

  it('re-scores all history when the rules seed changes', async () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'leadhouse-models-'))
    cpSync(LEADHOUSE_PROJECT_DIR, projectDir, {
      recursive: true,
      filter: (path) => !/node_modules|target/.test(path),
    })
    const rules = join(projectDir, 'seeds', 'scoring_rules.csv')
    // Sales now counts pricing-page visits double.
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
      const [ada] = await rows(
        warehouse,
        'SELECT score FROM leadhouse.lead_scores WHERE email = {email:String}',
        { email: ADA },
      )
      expect(ada).toEqual({ score: 82.5 })
    } finally {
      await buildModels({ warehouse, vars: VARS })
    }
  })
})
