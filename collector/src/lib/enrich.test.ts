import { describe, expect, it } from 'vitest'
import {
  cookielessVisitorId,
  DailySalt,
  describeUserAgent,
  enrichClient,
  truncateIp,
} from './enrich.js'

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

describe('describeUserAgent', () => {
  it('names browser, major version, OS and device', () => {
    expect(describeUserAgent(CHROME_MAC)).toEqual({
      browser: 'Chrome',
      browser_version: '131',
      os: 'Mac OS',
      device: 'desktop',
      is_bot: false,
    })
    expect(describeUserAgent(IPHONE)).toMatchObject({
      browser: 'Mobile Safari',
      os: 'iOS',
      device: 'mobile',
    })
  })

  it.each([
    ['a crawler', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['headless Chrome', CHROME_MAC.replace('Chrome/', 'HeadlessChrome/')],
    ['a test driver', `${CHROME_MAC} Playwright/1.50`],
    ['no user agent at all', ''],
  ])('flags %s as a bot', (_, userAgent) => {
    expect(describeUserAgent(userAgent).is_bot).toBe(true)
  })
})

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:198.51.100.9', '198.51.100.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:0db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['not an address', ''],
    ['', ''],
  ])('%s becomes %s', (address, truncated) => expect(truncateIp(address)).toBe(truncated))
})

describe('salted daily hashes', () => {
  const day = Date.UTC(2026, 10, 23, 10)

  it('are stable within a day and change with the next one', () => {
    const salt = new DailySalt()
    const today = cookielessVisitorId(CHROME_MAC, '203.0.113.77', 'acme', salt)
    expect(today).toMatch(/^daily:[0-9a-f]{16}$/)
    expect(cookielessVisitorId(CHROME_MAC, '203.0.113.77', 'acme', salt)).toBe(today)
    expect(cookielessVisitorId(CHROME_MAC, '203.0.113.78', 'acme', salt)).not.toBe(today)
    const first = salt.hash(['x'], day)
    expect(salt.hash(['x'], day + 3_600_000)).toBe(first)
    expect(salt.hash(['x'], day + 86_400_000)).not.toBe(first)
  })

  it('never store the address itself', () => {
    const client = enrichClient(CHROME_MAC, '203.0.113.77', 'acme', {
      ipMode: 'hash',
      salt: new DailySalt(),
    })
    expect(client.ip).toMatch(/^[0-9a-f]{16}$/)
    expect(
      enrichClient(CHROME_MAC, '203.0.113.77', 'acme', {
        ipMode: 'truncate',
        salt: new DailySalt(),
      }).ip,
    ).toBe('203.0.113.0')
  })
})
