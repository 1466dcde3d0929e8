/**
 * Leadhouse's dbt project on hand-made raw data whose right answers are worked out by hand:
 * sessions, channels, identity stitching across devices, the activity log with the sales log.
 */
import { randomUUID } from 'node:crypto'
import { migrate } from '@leadhouse/collector'
import { buildModels } from '@leadhouse/models'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const ADA = 'ada@example.com'
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
    event('a-laptop', '2026-11-02 11:01:00', { type: 'identify', path: '/webinar', email: ADA }),
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
    ],
    format: 'JSONEachRow',
  })
  const result = await buildModels({ warehouse })
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
        anonymous_id: 'a-phone',
        source: 'web',
        type: 'pageview',
        path: '/demo',
        channel: 'paid_search',
        seq: '5',
        previous_path: '/webinar',
        is_pricing: false,
      },
      {
        anonymous_id: 'a-phone',
        source: 'web',
        type: 'identify',
        path: '/demo',
        channel: 'paid_search',
        seq: '6',
        previous_path: '/demo',
        is_pricing: false,
      },
      {
        anonymous_id: '',
        source: 'sales',
        type: 'call',
        path: '',
        channel: 'sales',
        seq: '7',
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
