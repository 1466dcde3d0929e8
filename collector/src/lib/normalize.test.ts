import { describe, expect, it } from 'vitest'
import { toDateTime64, toEventRow } from './normalize.js'

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
    expect(toEventRow(event, 'acme', received)).toMatchObject({
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
    const row = toEventRow(event, 'acme', received)
    expect(row.ts).toBe('2026-11-23 11:59:59.000')
    expect(row.received_at).toBe('2026-11-23 12:00:00.000')
  })

  it.each([
    ['a clock far ahead', received + 3_600_000],
    ['an event older than the offline window', received - 40 * 86_400_000],
  ])('stamps %s with the arrival time but keeps what the client said', (_, ts) => {
    const row = toEventRow({ ...event, ts }, 'acme', received)
    expect(row.ts).toBe(row.received_at)
    expect(row.client_ts).toBe(toDateTime64(ts))
  })
})
