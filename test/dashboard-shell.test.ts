/**
 * The dashboard's frame in Chromium, on generated data built by the models: log in with a read
 * key, the app renders under the strict CSP (no inline script or style, Plot's charts too),
 * in-app navigation, the language switch (every visible string changes), filters restored
 * from a shared URL and kept through Back, a phone's width, the keyboard, and log-out.
 * Screenshots go to test/artefacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from '@leadhouse/generate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser.js'
import { ROOT, startTestCollector, type TestCollector } from './support/collector.js'

const ADMIN_KEY = 'lh_admin_dashboard-shell-0123456789'
const READ_KEY = 'lh_read_dashboard-shell-0123456789'
const ARTEFACTS = join(ROOT, 'test', 'artefacts', 'dashboard-shell')

/** Words that are the same in English and German, and data values (sites, channels). */
const SAME_IN_BOTH = new Set(['Leadhouse', 'EN', 'DE', 'Leads', 'MQLs', 'SQLs', 'ROI', 'Filter'])

interface Meta {
  sites: string[]
  channels: string[]
  dataRange: { from: string; to: string } | null
}

describe('dashboard shell', () => {
  let collector: TestCollector
  let browser: Browser
  let meta: Meta
  /** Console messages about the CSP and uncaught errors, over the whole run. */
  const problems: string[] = []

  beforeAll(async () => {
    collector = await startTestCollector({
      config: { adminKeys: [ADMIN_KEY], readKeys: [READ_KEY] },
    })
    await generate(collector.warehouse, { events: 3000, days: 60, end: '2026-10-31', seed: 5 })
    const build = await fetch(`${collector.url}/api/v1/models/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    expect(await build.json()).toMatchObject({ success: true })
    meta = (await api('meta')) as Meta
    browser = await launchChromium()
    mkdirSync(ARTEFACTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await collector?.close()
  })

  async function api(path: string): Promise<unknown> {
    const response = await fetch(`${collector.url}/api/v1/${path}`, {
      headers: { authorization: `Bearer ${READ_KEY}` },
    })
    expect(response.status, path).toBe(200)
    return response.json()
  }

  async function loggedIn(width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } })
    const page = await context.newPage()
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    await page.goto(`${collector.url}/dashboard/funnel`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.fill('input[name=key]', READ_KEY)
    await page.click('button[type=submit]')
    await page.waitForURL(`${collector.url}/dashboard`)
    await page.locator('.kpi').first().waitFor()
    return page
  }

  /** The visible text nodes of the page that hold a letter, trimmed. */
  const visibleTexts = (page: Page) =>
    page.evaluate(() => {
      const texts: string[] = []
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? ''
        const parent = node.parentElement
        if (!text || !/\p{L}/u.test(text) || !parent) continue
        if (parent.closest('.visually-hidden, details:not([open]) > :not(summary)')) continue
        const box = parent.getBoundingClientRect()
        if (box.width === 0 && box.height === 0) continue
        if (parent.closest('option')) continue
        texts.push(text)
      }
      return texts
    })

  it('opens on the Overview with its KPIs and chart, under the strict CSP', async () => {
    const page = await loggedIn()
    const csp = (await page.request.get(`${collector.url}/dashboard`)).headers()[
      'content-security-policy'
    ]
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self';")
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'Overview',
      'Funnel',
      'Channels & campaigns',
      'Leads',
      'Lead detail',
      'Cohorts',
    ])
    expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Overview')
    expect(await page.locator('.kpi').count()).toBe(13)
    // The tiles show the read API's answer for the default period, the last 30 days of data.
    const to = meta.dataRange?.to ?? ''
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000)
      .toISOString()
      .slice(0, 10)
    const overview = (await api(`overview?from=${from}&to=${to}`)) as {
      current: { visitors: number; newLeads: number }
    }
    const tile = (label: string) =>
      page.locator('.kpi', { hasText: label }).locator('.kpi-value').textContent()
    expect(await tile('Visitors')).toBe(overview.current.visitors.toLocaleString('en'))
    expect(await tile('New leads')).toBe(overview.current.newLeads.toLocaleString('en'))
    // Plot's chart, styled by app.css rather than its own <style>.
    const chart = page.locator('.trend-chart svg.plot')
    await chart.waitFor()
    expect(await chart.locator('path').count()).toBeGreaterThan(0)
    expect(await page.locator('.trend-chart style').count()).toBe(0)
    expect(await chart.evaluate((svg) => getComputedStyle(svg).display)).toBe('block')
    await page.screenshot({ path: join(ARTEFACTS, 'overview-1280.png'), fullPage: true })
    // The scripts as served: hashed, cached for good, precompressed, and within the budgets
    // (dashboards/README.md): what the Overview's first load ships (the entry, and the chunks
    // it preloads: preact, Plot with d3, the shared components, the Overview), and all pages.
    const src = (await page.locator('script[src]').getAttribute('src')) ?? ''
    expect(src).toMatch(/^\/dashboard\/assets\/app-[\w-]+\.js$/)
    const preloaded = await page
      .locator('link[rel=modulepreload]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
    expect(preloaded.some((href) => /\/overview-[\w-]+\.js$/.test(href))).toBe(true)
    const gzipped = async (path: string) => {
      const script = await fetch(`${collector.url}${path}`, {
        headers: { authorization: `Bearer ${READ_KEY}`, 'accept-encoding': 'gzip' },
      })
      expect(script.status, path).toBe(200)
      expect(script.headers.get('content-encoding'), path).toBe('gzip')
      expect(script.headers.get('cache-control'), path).toContain('immutable')
      return Number(script.headers.get('content-length'))
    }
    let firstLoad = 0
    for (const path of [src, ...preloaded]) firstLoad += await gzipped(path)
    expect(firstLoad).toBeLessThan(105_000)
    // Every chunk the build wrote (dashboards/dist/chunks.json lists them), served the same way.
    const built = JSON.parse(
      readFileSync(join(ROOT, 'dashboards', 'dist', 'chunks.json'), 'utf8'),
    ) as { chunks: { file: string }[] }
    let total = 0
    for (const { file } of built.chunks) total += await gzipped(`/dashboard/${file}`)
    expect(total).toBeLessThan(132_000)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('navigates in the app without reloading, and Back returns', async () => {
    const page = await loggedIn()
    await page.evaluate(() => {
      ;(window as unknown as { marker: number }).marker = 1
    })
    await page.click('nav a:text("Funnel")')
    await page.waitForURL(`${collector.url}/dashboard/funnel`)
    await page.locator('.funnel-chart svg.plot').waitFor()
    expect(await page.locator('.funnel-chart svg.plot rect').count()).toBe(6)
    expect(await page.locator('h1').textContent()).toBe('Funnel')
    expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Funnel')
    expect(await page.title()).toBe('Funnel · Leadhouse')
    // The same document: a full load would have lost the marker.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1)
    await page.screenshot({ path: join(ARTEFACTS, 'funnel-1280.png'), fullPage: true })
    await page.goBack()
    await page.waitForURL(`${collector.url}/dashboard`)
    expect(await page.locator('h1').textContent()).toBe('Overview')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('switches every visible string to German, and remembers it', async () => {
    const page = await loggedIn()
    for (const path of ['/dashboard', '/dashboard/funnel']) {
      await page.goto(`${collector.url}${path}`)
      await page.locator('.chart svg.plot').first().waitFor()
      await page.click('button[lang=en]')
      await page.waitForTimeout(200)
      const english = await visibleTexts(page)
      await page.click('button[lang=de]')
      await page.waitForFunction(() => document.documentElement.lang === 'de')
      await page.waitForTimeout(200)
      const german = new Set(await visibleTexts(page))
      const data = new Set([...meta.sites, ...meta.channels, ...SAME_IN_BOTH])
      const untranslated = english.filter((text) => german.has(text) && !data.has(text))
      expect(untranslated, path).toEqual([])
      expect(german.has(path === '/dashboard' ? 'Übersicht' : 'Trichter')).toBe(true)
    }
    await page.screenshot({ path: join(ARTEFACTS, 'funnel-de-1280.png'), fullPage: true })
    // Remembered: a new load is German from the start.
    await page.goto(`${collector.url}/dashboard`)
    await page.locator('.kpi').first().waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    expect(await page.locator('nav a').first().textContent()).toBe('Übersicht')
    await page.click('button[lang=en]')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('restores the filters from a shared URL, asks the API for them, and keeps them through Back', async () => {
    const page = await loggedIn()
    const [site = '', channel = ''] = [meta.sites[0], meta.channels[0]]
    const query = `from=2026-09-01&to=2026-09-15&site=${site}&channel=${channel}`
    const asked = page.waitForRequest((request) => request.url().includes('/api/v1/funnel?'))
    await page.goto(`${collector.url}/dashboard/funnel?${query}`)
    expect(new URL((await asked).url()).search).toBe(`?${query}`)
    expect(await page.locator('select[name=period]').inputValue()).toBe('custom')
    expect(await page.locator('input[name=from]').inputValue()).toBe('2026-09-01')
    expect(await page.locator('input[name=to]').inputValue()).toBe('2026-09-15')
    expect(await page.locator('select[name=site]').inputValue()).toBe(site)
    expect(await page.locator('select[name=channel]').inputValue()).toBe(channel)
    // A preset changes the URL; Back brings the shared filters back.
    await page.selectOption('select[name=period]', 'last7')
    await page.waitForURL((url) => url.searchParams.get('from') !== '2026-09-01')
    await page.goBack()
    await page.waitForURL((url) => url.searchParams.get('from') === '2026-09-01')
    expect(await page.locator('input[name=from]').inputValue()).toBe('2026-09-01')
    // Between pages the common filters go along.
    await page.click('nav a:text("Overview")')
    await page.waitForURL(`${collector.url}/dashboard?${query}`)
    expect(await page.locator('select[name=site]').inputValue()).toBe(site)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('fits a 375 px wide phone and works with the keyboard alone', async () => {
    const page = await loggedIn(375)
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(await overflow()).toBeLessThanOrEqual(0)
    // The filters fold behind a button.
    expect(await page.locator('select[name=period]').isVisible()).toBe(false)
    await page.click('.filter-toggle')
    expect(await page.locator('select[name=period]').isVisible()).toBe(true)
    await page.screenshot({ path: join(ARTEFACTS, 'overview-375.png'), fullPage: true })
    await page.goto(`${collector.url}/dashboard/funnel`)
    await page.locator('.funnel-chart svg.plot').waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await page.screenshot({ path: join(ARTEFACTS, 'funnel-375.png'), fullPage: true })

    // Keyboard: the skip link first, then the pages; Enter follows a link.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Overview')
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    )
    expect(outline).not.toBe('none')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.waitForURL(`${collector.url}/dashboard/funnel`)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('logs out with the button, and the dashboard asks for the key again', async () => {
    const page = await loggedIn()
    await page.click('text=Log out')
    await page.waitForURL(`${collector.url}/login`)
    await page.goto(`${collector.url}/dashboard/funnel`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.context().close()
  })
})
