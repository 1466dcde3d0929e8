/**
 * The dashboard as a user meets it, page by page, on generated data built by the models: every
 * page in English and German, at 1280 and 375 px: it renders its charts (non-empty SVG), axe-core
 * finds no serious or critical violation, no CSP refusal or page error, and a screenshot is kept
 * in test/artefacts/dashboard-every-page/. The Overview's and Funnel's numbers are checked against
 * the marts queried here; a lead found by email opens its detail with trajectory and activity.
 * What other tests already hold against the marts is not repeated: the Channels and Cohorts
 * numbers (dashboard-channels-cohorts), the lead list, its CSV and the detail's every row
 * (dashboard-leads), the frame, CSP, keyboard and URL state (dashboard-shell).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './support/collector.js'
import {
  axeProblems,
  type DashboardRig,
  type Locale,
  startDashboardRig,
} from './support/dashboard.js'

const ARTEFACTS = join(ROOT, 'test', 'artefacts', 'dashboard-every-page')
const STAGES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'] as const

/** Each page: its path, and the charts it must show with this data (class of the PlotChart). */
const PAGES = [
  { name: 'overview', path: '/dashboard', charts: ['trend-chart'] },
  { name: 'funnel', path: '/dashboard/funnel', charts: ['funnel-chart'] },
  { name: 'channels', path: '/dashboard/channels', charts: ['compare-chart'] },
  { name: 'leads', path: '/dashboard/leads', charts: [] },
  { name: 'lead-detail', path: '/dashboard/leads/detail', charts: ['trajectory-chart'] },
  { name: 'cohorts', path: '/dashboard/cohorts', charts: ['cohort-chart'] },
] as const

describe('dashboard: every page', () => {
  let rig: DashboardRig
  /** The period shown: the last 30 days of data, given in the URL. */
  let period: { from: string; to: string }
  /** The data's whole window, for the Cohorts page (monthly cohorts need months). */
  let whole: { from: string; to: string }
  /** A lead with a sales history, whose detail page is visited. */
  let email: string

  beforeAll(async () => {
    rig = await startDashboardRig('every-page', {
      events: 6000,
      days: 60,
      end: '2026-10-31',
      seed: 11,
    })
    const [range] = await rig.sql<{ from: string; to: string }>(
      'SELECT toString(toDate(min(ts))) AS from, toString(toDate(max(ts))) AS to FROM leadhouse.touchpoints',
    )
    const to = range?.to ?? ''
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000)
      .toISOString()
      .slice(0, 10)
    period = { from, to }
    whole = { from: range?.from ?? from, to }
    const [lead] = await rig.sql<{ email: string }>(
      `SELECT email FROM leadhouse.leads
       WHERE email IN (SELECT email FROM leadhouse.activity_log WHERE source = 'sales')
         AND email IN (SELECT email FROM leadhouse.score_trajectory WHERE change != 0)
       ORDER BY score DESC, email LIMIT 1`,
    )
    email = lead?.email ?? ''
    expect(email).not.toBe('')
    mkdirSync(ARTEFACTS, { recursive: true })
  })
  afterAll(async () => {
    await rig?.close()
  })

  const urlOf = (path: string) =>
    path === '/dashboard/leads/detail'
      ? `${rig.collector.url}${path}?email=${encodeURIComponent(email)}`
      : path === '/dashboard/leads'
        ? `${rig.collector.url}${path}`
        : path === '/dashboard/cohorts'
          ? `${rig.collector.url}${path}?from=${whole.from}&to=${whole.to}`
          : `${rig.collector.url}${path}?from=${period.from}&to=${period.to}`

  /** Waits until the page's data is in: a heading, nothing loading, and its charts drawn. */
  async function rendered(page: Page, charts: readonly string[]): Promise<void> {
    await page.waitForFunction(
      () =>
        document.querySelector('main h1') &&
        !document.querySelector('main .state-loading, main [aria-busy="true"]'),
    )
    for (const chart of charts) await page.locator(`.${chart} svg.plot`).first().waitFor()
  }

  /** Every chart on the page: an SVG with drawn shapes. */
  const chartShapes = (page: Page) =>
    page
      .locator('main .chart')
      .evaluateAll((boxes) =>
        boxes.map((box) => box.querySelectorAll('svg path, svg rect, svg circle, svg line').length),
      )

  for (const locale of ['en', 'de'] as const satisfies readonly Locale[]) {
    for (const width of [1280, 375]) {
      it(`shows every page with its charts, accessible, at ${width} px (${locale})`, async () => {
        const page = await rig.loggedIn({ width, locale })
        const violations: Record<string, unknown> = {}
        for (const { name, path, charts } of PAGES) {
          await page.goto(urlOf(path))
          await rendered(page, charts)
          expect(await page.locator('html').getAttribute('lang'), name).toBe(locale)
          const shapes = await chartShapes(page)
          expect(shapes.length, name).toBeGreaterThanOrEqual(charts.length)
          for (const count of shapes) expect(count, name).toBeGreaterThan(0)
          const found = await axeProblems(page)
          if (found.length > 0) violations[name] = found
          await page.screenshot({
            path: join(ARTEFACTS, `${name}-${width}-${locale}.png`),
            fullPage: true,
          })
        }
        expect(violations).toEqual({})
        expect(rig.problems).toEqual([])
        await page.context().close()
      })
    }

    it(`shows the Overview's and the Funnel's numbers as the marts count them (${locale})`, async () => {
      const page = await rig.loggedIn({ locale })
      const params = { from: period.from, to: period.to }
      const [people] = await rig.sql<{ n: number }>(
        `SELECT uniqExact(if(email != '', email, anonymous_id)) AS n FROM leadhouse.touchpoints
         WHERE ts >= {from: Date} AND ts < addDays({to: Date}, 1)`,
        params,
      )
      const [leads] = await rig.sql<{ n: number }>(
        `SELECT count() AS n FROM leadhouse.conversions
         WHERE conversion = 'lead' AND converted_at >= {from: Date}
           AND converted_at < addDays({to: Date}, 1)`,
        params,
      )
      const number = (value: unknown) => Number(value).toLocaleString(locale)
      await page.goto(urlOf('/dashboard'))
      await rendered(page, ['trend-chart'])
      const tiles = await page.locator('.kpi .kpi-value').allTextContents()
      expect(tiles[0]).toBe(number(people?.n))
      expect(tiles[1]).toBe(number(leads?.n))

      // The funnel: the period's new leads, and how many reached each stage or a later one.
      const order = [...STAGES, 'evangelist']
      const reached = await rig.sql<Record<string, number>>(
        `SELECT ${STAGES.map(
          (stage) => `countIf(rank >= ${order.indexOf(stage) + 1}) AS ${stage}`,
        ).join(', ')}
         FROM (
           SELECT leads.email, max(indexOf({order: Array(String)}, stage)) AS rank
           FROM leadhouse.leads AS leads
           LEFT JOIN leadhouse.lifecycle_stages AS stages ON stages.email = leads.email
           WHERE leads.identified_at >= {from: Date} AND leads.identified_at < addDays({to: Date}, 1)
           GROUP BY leads.email
         )`,
        { ...params, order },
      )
      await page.goto(urlOf('/dashboard/funnel'))
      await rendered(page, ['funnel-chart'])
      const counts = await page
        .locator('main table')
        .first()
        .locator('tbody tr td:nth-child(2)')
        .allTextContents()
      expect(counts).toEqual(STAGES.map((stage) => number(reached[0]?.[stage])))
      expect(rig.problems).toEqual([])
      await page.context().close()
    })

    it(`finds a lead by email and opens its detail with trajectory and activity (${locale})`, async () => {
      const page = await rig.loggedIn({ locale })
      await page.goto(urlOf('/dashboard/leads'))
      await rendered(page, [])
      const answered = page.waitForResponse(
        (response) => new URL(response.url()).searchParams.get('q') === email,
      )
      await page.fill('#leads-q', email)
      await answered
      await page.locator('a.lead-link', { hasText: email }).click()
      await page.waitForURL(/\/dashboard\/leads\/detail\?email=/)
      await rendered(page, ['trajectory-chart'])
      const [activity] = await rig.sql<{ n: number }>(
        'SELECT count() AS n FROM leadhouse.activity_log WHERE person_key = {key: String}',
        { key: `lead:${email}` },
      )
      expect(await page.locator('.trajectory-chart svg path').count()).toBeGreaterThan(0)
      expect(await page.locator('.activity').count()).toBe(Math.min(500, Number(activity?.n)))
      expect(await page.locator('.activity-sales').count()).toBeGreaterThan(0)
      expect(rig.problems).toEqual([])
      await page.context().close()
    })
  }
})
