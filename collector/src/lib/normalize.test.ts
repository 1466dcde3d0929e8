import { toDateTime64 } from '@leadhouse/warehouse/raw'
import { describe, expect, it } from 'vitest'
import { acceptedLanguage, externalReferrer, linkEventName, toEventRow } from './normalize.js'

const client = {
  browser: 'Chrome',
  browser_version: '131',
  os: 'Mac OS',
  device: 'desktop',
  is_bot: false,
  ip: '203.0.113.0',
  country: '',
}
const facts = (receivedAt: number) => ({
  siteId: 'acme',
  receivedAt,
  receivedAtText: toDateTime64(receivedAt),
  client,
  cookielessVisitorId: () => 'daily:0123456789abcdef',
  language: 'en-GB',
})

const received = Date.UTC(2026, 10, 23, 12, 0, 0)
const event = {
  i: '6f1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f',
  t: 'pageview' as const,
  ts: received - 1000,
  a: 'anon',
  u: 'https://example.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=q4&msclkid=m1&gclid=g1',
  p: '/pricing',
}

describe('toEventRow', () => {
  it('reads UTM parameters and the strongest click id from the URL', () => {
    expect(toEventRow(event, facts(received))).toMatchObject({
      site_id: 'acme',
      path: '/pricing',
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'q4',
      utm_term: '',
      click_id_type: 'gclid',
      click_id: 'g1',
      referrer: '',
    })
  })

  it('keeps a believable client time and the arrival time beside it', () => {
    const row = toEventRow(event, facts(received))
    expect(row.ts).toBe('2026-11-23 11:59:59.000')
    expect(row.received_at).toBe('2026-11-23 12:00:00.000')
  })

  it.each([
    ['a clock far ahead', received + 3_600_000],
    ['an event older than the offline window', received - 40 * 86_400_000],
  ])('stamps %s with the arrival time but keeps what the client said', (_, ts) => {
    const row = toEventRow({ ...event, ts }, facts(received))
    expect(row.ts).toBe(row.received_at)
    expect(row.client_ts).toBe(toDateTime64(ts))
  })
})

describe('toEventRow for each event type', () => {
  it('adds the client fields, and a daily visitor id where the SDK sent none', () => {
    const row = toEventRow({ ...event, a: undefined }, facts(received))
    expect(row).toMatchObject({ ...client, anonymous_id: 'daily:0123456789abcdef' })
  })

  it('keeps page details, a normalised email, custom events and engagement in their columns', () => {
    expect(
      toEventRow(
        { ...event, ti: 'Pricing', l: 'de-DE', z: 'Europe/Berlin', sc: '1920x1080', pr: 1 },
        facts(received),
      ),
    ).toMatchObject({
      title: 'Pricing',
      language: 'de-DE',
      timezone: 'Europe/Berlin',
      screen: '1920x1080',
      is_pricing: true,
    })
    const base = { i: event.i, ts: event.ts, a: 'v', u: event.u, p: '/' }
    expect(
      toEventRow(
        { ...base, t: 'identify', e: ' Ada@Example.COM ', tr: { company: 'X' } },
        facts(received),
      ),
    ).toMatchObject({
      email: 'ada@example.com',
      props: '{"company":"X"}',
    })
    expect(
      toEventRow(
        { ...base, t: 'identify', e: 'ada@example.com', tr: [null, 'CMO', 'Ada'] },
        facts(received),
      ).props,
    ).toBe('{"job_title":"CMO","name":"Ada"}')
    expect(
      toEventRow({ ...base, t: 'event', n: 'signup', pp: { plan: 'team' } }, facts(received)),
    ).toMatchObject({
      name: 'signup',
      props: '{"plan":"team"}',
    })
    expect(
      toEventRow({ ...base, t: 'engagement', vt: 5200, sd: 80 }, facts(received)),
    ).toMatchObject({
      engaged_ms: 5200,
      scroll_depth: 80,
    })
  })
})

describe('engagement', () => {
  it.each([
    [80, 80],
    [33.4, 33],
    [99.5, 100],
    [131.2, 100],
  ])('rounds a scroll depth of %s percent to %s, at most 100', (sd, depth) => {
    const engagement = { i: event.i, ts: event.ts, u: event.u, p: '/', t: 'engagement' as const }
    expect(toEventRow({ ...engagement, vt: 1000, sd }, facts(received)).scroll_depth).toBe(depth)
  })
})

describe('link clicks', () => {
  const page = 'https://example.com/docs/start'
  it.each([
    ['https://partner.test/offer', 'outbound'],
    ['http://example.com:8080/x', 'outbound'],
    ['https://partner.test/guide.pdf', 'outbound'],
    ['https://example.com/files/guide.pdf', 'download'],
    ['https://example.com/files/Report.XLSX', 'download'],
    ['https://example.com/setup.exe?v=2#top', 'download'],
    ['https://example.com/about.html', undefined],
    ['https://example.com/v1.2', undefined],
    ['mailto:sales@partner.test', undefined],
    ['javascript:void(0)', undefined],
    ['not a url', undefined],
  ])('names a link to %s %s', (href, name) => {
    expect(linkEventName(href, page)).toBe(name)
  })

  it('stores an outbound link or a download as the custom event of that name with its url', () => {
    const link = { i: event.i, ts: event.ts, a: 'v', u: page, p: '/docs/start', t: 'link' as const }
    expect(
      toEventRow({ ...link, h: 'https://example.com/guide.pdf' }, facts(received)),
    ).toMatchObject({
      type: 'event',
      name: 'download',
      props: '{"url":"https://example.com/guide.pdf"}',
      path: '/docs/start',
    })
  })
})

describe('page view details the collector reads itself', () => {
  it("keeps the referrer only when it is another site than the page's", () => {
    const referrer = (r: string) => toEventRow({ ...event, r }, facts(received)).referrer
    expect(referrer('https://www.google.com/search?q=x')).toBe('https://www.google.com/search?q=x')
    expect(referrer('https://example.com/blog')).toBe('')
    expect(referrer('https://example.com:8443/blog')).toBe('https://example.com:8443/blog')
    expect(externalReferrer(undefined, event.u)).toBe('')
  })

  it.each([
    ['the SDK flagged it (data-pricing)', '/angebot', true, true],
    ['an earlier SDK flagged it', '/angebot', 1, true],
    ['the SDK said no (data-pricing)', '/pricing', false, false],
    ['a default pricing page the SDK left to the collector', '/de/preise/team', undefined, true],
    ['another page the SDK left to the collector', '/docs', undefined, false],
  ] as const)('flags a pricing page when %s', (_, p, pr, pricing) => {
    expect(toEventRow({ ...event, p, pr }, facts(received)).is_pricing).toBe(pricing)
  })

  it("takes the language from the request's Accept-Language when the event carries none", () => {
    expect(toEventRow(event, facts(received)).language).toBe('en-GB')
    expect(toEventRow({ ...event, l: 'de-DE' }, facts(received)).language).toBe('de-DE')
  })

  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de-DE'],
    ['en', 'en'],
    [' fr-CH ;q=1', 'fr-CH'],
    ['*', ''],
    ['', ''],
    [undefined, ''],
    ['<script>', ''],
  ])('reads %j as the language %j', (header, language) => {
    expect(acceptedLanguage(header)).toBe(language)
  })
})
