/**
 * The dashboard's Channels & campaigns and Cohorts pages in Chromium, on generated data built by
 * the models: the numbers shown are the read API's answer and the marts' own (queried here),
 * formatted for the language; the charts are drawn, a channel's campaigns open from the
 * keyboard, the attribution-model switch lives in the URL (and Back undoes it), every visible
 * string changes with the language, a phone's width. Screenshots go to test/artefacts/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { rows as martRows } from '@leadhouse/warehouse/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, type TestCollector } from './support/collector.js'
import { type DashboardRig, startDashboardRig } from './support/dashboard.js'

const ARTEFACTS = join(ROOT, 'test', 'artefacts', 'dashboard-channels-cohorts')
/** Four whole months: four cohorts, and a period the channels and paths fill. */
const PERIOD = 'from=2026-07-01&to=2026-10-31'
const MONTHS = { from: '2026-07-01', to: '2026-10-31' }

type Locale = 'en' | 'de'

/** The parts of the read API's answers (dashboards/src/api/types.ts) this test compares. */
interface MetaResponse {
  sites: string[]
  channels: string[]
}
interface ChannelsResponse {
  currency: string
  unmatchedSpend: number
  channels: Array<{ channel: string; spend: number; leads: number; campaigns: unknown[] }>
}
interface PathsResponse {
  rows: unknown[]
}
interface CohortsResponse {
  rows: Array<{
    leads: number
    medianScore: number | null
    reached: { mql: number; customer: number }
  }>
}

/** Words that are the same in English and German (data values are added from the answers). */
const SAME_IN_BOTH = new Set([
  'Leadhouse',
  'EN',
  'DE',
  'Filter',
  'Leads',
  'MQLs',
  'ROAS',
  'ROI',
  'Conversion',
  'Conversions',
  'Lead',
  'MQL',
  'SQL',
  'Linear',
  'Warm',
  '↑ Score',
])

/** The dashboard's money format: whole units from 1,000 up, cents below (app/format.ts). */
function money(value: number, currency: string, locale: Locale): string {
  const digits = Math.abs(value) >= 1000 ? 0 : 2
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value)
}

const number = (value: number, locale: Locale, digits = 1) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)

describe('dashboard: channels and cohorts pages', () => {
  let rig: DashboardRig
  let collector: TestCollector
  let meta: MetaResponse
  /** Console messages about the CSP and uncaught errors, over the whole run. */
  let problems: string[] = []

  beforeAll(async () => {
    rig = await startDashboardRig('dashboard-pages-a', {
      events: 10_000,
      days: 120,
      end: '2026-10-31',
      seed: 11,
    })
    collector = rig.collector
    problems = rig.problems
    meta = await api<MetaResponse>('meta')
    mkdirSync(ARTEFACTS, { recursive: true })
  })
  afterAll(async () => {
    await rig?.close()
  })

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${collector.url}/api/v1/${path}`, {
      headers: { authorization: `Bearer ${rig.readKey}` },
    })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }

  const loggedIn = (locale: Locale, width = 1280): Promise<Page> => rig.loggedIn({ locale, width })

  async function open(page: Page, path: string): Promise<void> {
    await page.goto(`${collector.url}${path}`)
    await page.locator('main svg.plot').first().waitFor()
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
        if (parent.closest('.visually-hidden, option')) continue
        const box = parent.getBoundingClientRect()
        if (box.width === 0 && box.height === 0) continue
        texts.push(text)
      }
      return texts
    })

  /** The channel as the page names it: the marts' '(none)' in words. */
  const channelShown = (channel: string, locale: Locale) =>
    channel === '(none)'
      ? locale === 'de'
        ? '(kein erfasster Besuch)'
        : '(no tracked visit)'
      : channel

  for (const locale of ['en', 'de'] as const) {
    it(`shows the channels' spend and leads as the marts count them, and the unmatched spend (${locale})`, async () => {
      const answer = await api<ChannelsResponse>(`channels?${PERIOD}&model=linear`)
      expect(answer.channels.length).toBeGreaterThan(1)
      // The marts' own figures for whole months: the channels' spend and leads under `linear`.
      const marts = await martRows<{ channel: string; spend: number; leads: number }>(
        collector.warehouse,
        `SELECT channel, toFloat64(sum(spend)) AS spend, toFloat64(sum(leads)) AS leads
         FROM leadhouse.channel_kpis
         WHERE model = 'linear' AND month >= {from: Date} AND month <= {to: Date}
         GROUP BY channel`,
        MONTHS,
      )
      const mart = new Map(marts.map((row) => [row.channel, row]))
      const page = await loggedIn(locale)
      await open(page, `/dashboard/channels?${PERIOD}`)
      const rows = page.locator('.channels-table tr.channel-row')
      expect(await rows.count()).toBe(answer.channels.length)
      for (const [index, channel] of answer.channels.entries()) {
        const cells = await rows.nth(index).locator('th, td').allTextContents()
        expect(cells[0]?.replace(/^[▸▾]/, '')).toBe(channelShown(channel.channel, locale))
        expect(cells[1]).toBe(money(channel.spend, answer.currency, locale))
        expect(cells[2]).toBe(number(channel.leads, locale))
        const own = mart.get(channel.channel)
        expect(cells[1]).toBe(money(own?.spend ?? Number.NaN, answer.currency, locale))
        expect(cells[2]).toBe(number(own?.leads ?? Number.NaN, locale))
      }
      const unmatched = await page.locator('.channels-table tfoot td').first().textContent()
      expect(unmatched).toBe(money(answer.unmatchedSpend, answer.currency, locale))

      // The models compared: a bar per channel and model; the paths as the API lists them.
      const compare = page.locator('.compare-chart svg.plot')
      expect(await compare.locator('rect').count()).toBeGreaterThan(answer.channels.length)
      const paths = await api<PathsResponse>(`paths?${PERIOD}&conversion=lead`)
      expect(await page.locator('.path-chips, td .hint').count()).toBe(paths.rows.length)
      await page.screenshot({
        path: join(ARTEFACTS, `channels-${locale}-1280.png`),
        fullPage: true,
      })
      expect(problems).toEqual([])
      await page.context().close()
    })
  }

  it('opens a channel’s campaigns from the keyboard and keeps the model in the URL', async () => {
    const page = await loggedIn('en', 375)
    await open(page, `/dashboard/channels?${PERIOD}`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0)
    const first = page.locator('.channels-table button.disclosure').first()
    await first.focus()
    await page.keyboard.press('Enter')
    expect(await first.getAttribute('aria-expanded')).toBe('true')
    const answer = await api<ChannelsResponse>(`channels?${PERIOD}&model=linear`)
    const campaigns = answer.channels[0]?.campaigns.length ?? 0
    expect(await page.locator('.channels-table tr.campaign-row').count()).toBe(
      Math.max(campaigns, 1),
    )
    await page.keyboard.press('ArrowLeft')
    expect(await first.getAttribute('aria-expanded')).toBe('false')
    await page.screenshot({ path: join(ARTEFACTS, 'channels-en-375.png'), fullPage: true })

    // The model switch: a labelled select; the choice goes to the URL, Back undoes it.
    const select = page.getByLabel('Attribution model', { exact: true })
    await select.selectOption('markov')
    await page.waitForURL((url) => url.searchParams.get('model') === 'markov')
    const caption = page.locator('.channels-table caption')
    await expect.poll(() => caption.textContent()).toContain('Markov chain')
    await page.goBack()
    await expect.poll(() => caption.textContent()).toContain('Linear')
    expect(problems).toEqual([])
    await page.context().close()
  })

  for (const locale of ['en', 'de'] as const) {
    it(`shows each cohort's leads, median and funnel progress as the marts count them (${locale})`, async () => {
      const answer = await api<CohortsResponse>(`cohorts?${PERIOD}`)
      expect(answer.rows).toHaveLength(4)
      const marts = await martRows<{ leads: number; median: number | null }>(
        collector.warehouse,
        `SELECT toFloat64(leads) AS leads, toNullable(toFloat64(median_score)) AS median
         FROM leadhouse.cohort_score_profile
         WHERE month >= {from: Date} AND month <= {to: Date} ORDER BY month`,
        MONTHS,
      )
      expect(marts.map((row) => row.leads)).toEqual(answer.rows.map((row) => row.leads))
      const page = await loggedIn(locale)
      await open(page, `/dashboard/cohorts?${PERIOD}`)
      expect(await page.locator('main svg.plot').count()).toBe(2)
      const tables = page.locator('table.data-table')
      const profile = tables.nth(0).locator('tbody tr')
      const progress = tables.nth(1).locator('tbody tr')
      expect(await profile.count()).toBe(answer.rows.length)
      for (const [index, row] of answer.rows.entries()) {
        const cells = await profile.nth(index).locator('td').allTextContents()
        expect(cells[1]).toBe(number(row.leads, locale, 2))
        expect(cells[1]).toBe(number(marts[index]?.leads ?? Number.NaN, locale, 2))
        expect(cells[4]).toBe(row.medianScore === null ? '–' : number(row.medianScore, locale))
        const median = marts[index]?.median ?? null
        expect(cells[4]).toBe(median === null ? '–' : number(median, locale))
        const reached = await progress.nth(index).locator('td').allTextContents()
        expect(reached[2]).toContain(`(${number(row.reached.mql, locale, 2)})`)
        expect(reached[5]).toContain(`(${number(row.reached.customer, locale, 2)})`)
      }
      await page.screenshot({ path: join(ARTEFACTS, `cohorts-${locale}-1280.png`), fullPage: true })
      // The temperatures instead of the distribution, kept in the URL.
      await page.click('.segmented button[aria-pressed=false]')
      await page.waitForURL((url) => url.searchParams.get('profile') === 'temperatures')
      await page.locator('main svg.plot').first().waitFor()
      expect(await page.locator('.segmented button[aria-pressed=true]').textContent()).toBe(
        locale === 'de' ? 'Temperaturen' : 'Temperatures',
      )
      expect(problems).toEqual([])
      await page.context().close()
    })
  }

  it('changes every visible string with the language, on both pages and at 375 px', async () => {
    const channels = await api<ChannelsResponse>(`channels?${PERIOD}&model=linear`)
    const data = new Set([
      ...SAME_IN_BOTH,
      ...meta.sites,
      ...meta.channels,
      ...channels.channels.map((row) => row.channel),
    ])
    for (const path of ['/dashboard/channels', '/dashboard/cohorts']) {
      const texts: Record<Locale, string[]> = { en: [], de: [] }
      for (const locale of ['en', 'de'] as const) {
        const page = await loggedIn(locale, 375)
        await open(page, `${path}?${PERIOD}`)
        expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0)
        texts[locale] = await visibleTexts(page)
        await page.context().close()
      }
      const german = new Set(texts.de)
      const untranslated = texts.en.filter((text) => german.has(text) && !data.has(text))
      expect(untranslated, path).toEqual([])
    }
    expect(problems).toEqual([])
  })
})
