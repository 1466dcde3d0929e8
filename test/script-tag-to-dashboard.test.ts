/**
 * The walking skeleton, end to end with the real parts: Chromium loads the demo site through
 * its script tag, the collector stores the page views in the embedded ClickHouse, the models
 * build the activity log, and the dashboard counts the visitor once a person has logged in with a
 * read key.
 */
import { rows } from '@leadhouse/warehouse/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, launchChromium, visitorContext } from './support/browser.js'
import { startTestCollector, type TestCollector } from './support/collector.js'

const SEARCH_REFERRER = 'https://www.google.com/search?q=lead+scoring+software'
const ADMIN_KEY = 'lh_admin_script-tag-test-0123456789'
const READ_KEY = 'lh_read_script-tag-test-0123456789'

describe('script tag to dashboard', () => {
  let collector: TestCollector
  let browser: Browser

  beforeAll(async () => {
    collector = await startTestCollector({
      config: { adminKeys: [ADMIN_KEY], readKeys: [READ_KEY] },
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await collector?.close()
  })

  it('records a visitor from a search engine and counts the visit on the dashboard', async () => {
    const visitor = await visitorContext(browser)
    const page = await visitor.newPage()
    await page.goto(`${collector.url}/demo/pricing?utm_source=google&utm_medium=cpc`, {
      referer: SEARCH_REFERRER,
    })
    type Event = {
      anonymous_id: string
      path: string
      referrer: string
      utm_source: string
      url: string
    }
    const [landing] = await eventually(async () => {
      const found = await rows<Event>(
        collector.warehouse,
        "SELECT anonymous_id, path, referrer, utm_source, url, ip, browser, device, is_bot FROM leadhouse.events WHERE type = 'pageview'",
      )
      return found.length ? found : undefined
    })
    expect(landing).toMatchObject({
      path: '/demo/pricing',
      referrer: SEARCH_REFERRER,
      utm_source: 'google',
      url: `${collector.url}/demo/pricing?utm_source=google&utm_medium=cpc`,
      // The browser connected from 127.0.0.1: only its /24 is kept.
      ip: '127.0.0.0',
      browser: 'Chrome',
      device: 'desktop',
      is_bot: false,
    })

    // Internal navigation: same visitor, no external referrer.
    await page.click('a[href="/demo/whitepaper"]')
    await page.waitForURL('**/demo/whitepaper')
    const visits = await eventually(async () => {
      const found = await rows<Event>(
        collector.warehouse,
        "SELECT anonymous_id, path, referrer FROM leadhouse.events WHERE type = 'pageview' ORDER BY ts",
      )
      return found.length === 2 ? found : undefined
    })
    expect(visits.map((v) => [v.anonymous_id, v.path, v.referrer])).toEqual([
      [landing?.anonymous_id, '/demo/pricing', SEARCH_REFERRER],
      [landing?.anonymous_id, '/demo/whitepaper', ''],
    ])

    const build = await fetch(`${collector.url}/api/v1/models/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    expect(build.status).toBe(200)
    expect(await build.json()).toMatchObject({ success: true })
    const log = await rows(
      collector.warehouse,
      'SELECT path, referrer, seq, previous_path FROM leadhouse.activity_log ORDER BY seq',
    )
    expect(log).toEqual([
      { path: '/demo/pricing', referrer: SEARCH_REFERRER, seq: '1', previous_path: '' },
      { path: '/demo/whitepaper', referrer: '', seq: '2', previous_path: '/demo/pricing' },
    ])

    const dashboard = await browser.newPage()
    const blocked: string[] = []
    dashboard.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text())
    })
    // Not logged in: the login page, a form and no script; the key never enters a URL.
    await dashboard.goto(`${collector.url}/dashboard`)
    expect(new URL(dashboard.url()).pathname).toBe('/login')
    await dashboard.fill('input[name=key]', READ_KEY)
    await dashboard.click('button[type=submit]')
    await dashboard.waitForURL(`${collector.url}/dashboard`)
    // The Overview counts the visitor (the default period is the last 30 days of data, today's
    // visit among them), no lead yet, and draws the trend.
    const visitors = dashboard.locator('.kpi', { hasText: 'Visitors' }).locator('.kpi-value')
    await expect.poll(() => visitors.textContent()).toBe('1')
    const newLeads = dashboard.locator('.kpi', { hasText: 'New leads' }).locator('.kpi-value')
    expect(await newLeads.textContent()).toBe('0')
    await dashboard.locator('.trend-chart svg.plot').waitFor()
    expect(blocked).toEqual([])
    expect(dashboard.url()).not.toContain(READ_KEY)

    // Logging out ends it: the dashboard sends the browser to the login page again.
    await dashboard.click('text=Log out')
    await dashboard.waitForURL(`${collector.url}/login`)
    await dashboard.goto(`${collector.url}/dashboard`)
    expect(new URL(dashboard.url()).pathname).toBe('/login')
  })
})
