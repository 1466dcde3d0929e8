/**
 * The Leads and Lead detail pages in Chromium, on generated data built by the models: the list
 * shows the leads mart's leads, scores and counts; search, filters, sort and page live in the
 * URL; the CSV export holds the rows shown; a lead found by email opens its detail with the
 * trajectory, lifecycle and activity the marts hold; a CRM name that looks like HTML stays
 * text; German throughout; a phone's width; the keyboard alone. Screenshots go to
 * test/artefacts/dashboard-leads/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { rows } from '@leadhouse/warehouse/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, type TestCollector } from './support/collector.js'
import { type DashboardRig, startDashboardRig } from './support/dashboard.js'

const ARTEFACTS = join(ROOT, 'test', 'artefacts', 'dashboard-leads')

/** A lead whose CRM name and company look like HTML: they must be shown as text. */
const HOSTILE = {
  email: 'mallory@evil.test',
  name: '<img src=x onerror="window.__xss=1">',
  company: '<b>Evil</b> & Co',
}

/** A CSV's rows, quotes and doubled quotes undone. */
function parseCsv(text: string): string[][] {
  const out: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1
      row.push(field)
      out.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (field !== '' || row.length > 0) out.push([...row, field])
  return out
}

describe('dashboard: Leads and Lead detail', () => {
  let rig: DashboardRig
  let collector: TestCollector
  let problems: string[] = []

  const sql = <T>(query: string, params: Record<string, unknown> = {}) =>
    rows<T>(collector.warehouse, query, params)

  beforeAll(async () => {
    rig = await startDashboardRig(
      'dashboard-leads',
      { events: 8000, days: 60, end: '2026-10-31', seed: 7 },
      { add: addHostileLead },
    )
    collector = rig.collector
    problems = rig.problems
    mkdirSync(ARTEFACTS, { recursive: true })
  })
  afterAll(async () => {
    await rig?.close()
  })

  /** The CRM's records of a lead whose name looks like HTML, and a call with such an owner. */
  async function addHostileLead(added: TestCollector, adminKey: string): Promise<void> {
    const crm = await fetch(`${added.url}/api/v1/crm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        records: [
          {
            id: 'hostile-1',
            type: 'contact',
            occurred_at: '2026-10-30T10:00:00Z',
            email: HOSTILE.email,
            name: HOSTILE.name,
            company: HOSTILE.company,
          },
          {
            id: 'hostile-2',
            type: 'call',
            occurred_at: '2026-10-30T11:00:00Z',
            email: HOSTILE.email,
            owner: '<script>window.__xss=2</script>',
          },
        ],
      }),
    })
    expect(crm.status).toBe(202)
  }

  const loggedIn = (width = 1280, locale: 'en' | 'de' = 'en'): Promise<Page> =>
    rig.loggedIn({ width, locale })

  async function openLeads(page: Page, query = ''): Promise<void> {
    await page.goto(`${collector.url}/dashboard/leads${query}`)
    await page.locator('.leads-page caption, .leads-page .state-empty').first().waitFor()
  }

  /**
   * Does `action` and waits for the list it asks for: the page keeps the last list on screen
   * (aria-busy) while the next one loads.
   */
  async function listAfter(page: Page, action: () => Promise<unknown>): Promise<void> {
    const answered = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/v1/leads',
    )
    await action()
    await answered
    await page.waitForFunction(
      () =>
        !document.querySelector('.leads-page [aria-busy="true"]') &&
        document.querySelector('.leads-page caption, .leads-page .state-empty'),
    )
  }

  const column = (page: Page, index: number) =>
    page.locator(`.leads-page tbody tr td:nth-child(${index})`).allTextContents()
  const score = (value: number, locale = 'en') =>
    value.toLocaleString(locale, { maximumFractionDigits: 1 })

  it('lists the leads mart’s leads, highest score first, with its count and scores', async () => {
    const page = await loggedIn()
    await openLeads(page)
    const expected = await sql<{ email: string; score: number }>(
      'SELECT email, score FROM leadhouse.leads ORDER BY score DESC, email LIMIT 50',
    )
    const [count] = await sql<{ n: number }>('SELECT count() AS n FROM leadhouse.leads')
    expect(await column(page, 1)).toEqual(expected.map((row) => row.email))
    expect(await column(page, 4)).toEqual(expected.map((row) => score(Number(row.score))))
    expect(await page.locator('.leads-page caption').textContent()).toBe(
      `Leads, 1–${expected.length} of ${Number(count?.n).toLocaleString('en')}`,
    )
    // Each traffic light says its name, not its colour alone.
    for (const light of await column(page, 6)) expect(light).toMatch(/Red|Yellow|Green/)
    await page.screenshot({ path: join(ARTEFACTS, 'leads-1280.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('filters, sorts and pages through the URL, and a shared URL shows the same list', async () => {
    const page = await loggedIn()
    await openLeads(page)
    await listAfter(page, () => page.selectOption('#leads-stage', 'mql'))
    expect(new URL(page.url()).searchParams.get('stage')).toBe('mql')
    const [mqls] = await sql<{ n: number }>(
      "SELECT count() AS n FROM leadhouse.leads WHERE current_stage = 'mql'",
    )
    const shown = await page.locator('.leads-page caption').textContent()
    expect(shown).toMatch(new RegExp(`of ${Number(mqls?.n).toLocaleString('en')}$`))
    for (const stage of await column(page, 7)) expect(stage).toBe('MQL')

    // A column sorts at its header's button, A to Z first.
    await listAfter(page, () => page.locator('th button', { hasText: 'Email' }).click())
    expect(page.url()).toMatch(/sort=email&order=asc/)
    const emails = await column(page, 1)
    expect(emails).toEqual([...emails].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))

    // The same URL in a new page gives the same rows.
    const url = page.url()
    const other = await page.context().newPage()
    await other.goto(url)
    await other.locator('.leads-page tbody tr').first().waitFor()
    expect(await column(other, 1)).toEqual(emails)

    // Page 2 of the whole list continues where page 1 ended.
    await openLeads(page)
    await listAfter(page, () =>
      page.locator('.pagination button', { hasText: 'Next page' }).click(),
    )
    expect(new URL(page.url()).searchParams.get('page')).toBe('2')
    expect(await page.locator('.leads-page caption').textContent()).toMatch(/^Leads, 51–/)
    const second = await sql<{ email: string }>(
      'SELECT email FROM leadhouse.leads ORDER BY score DESC, email LIMIT 50 OFFSET 50',
    )
    expect(await column(page, 1)).toEqual(second.map((row) => row.email))
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('exports exactly the rows shown as CSV', async () => {
    const page = await loggedIn()
    await openLeads(page, '?temperature=hot')
    const href = await page.locator('a.csv-link').getAttribute('href')
    expect(href).toContain('format=csv')
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href ?? '')
    const [header, ...lines] = parseCsv(csv.trim())
    expect(header?.slice(0, 4)).toEqual(['email', 'name', 'company', 'score'])
    expect(lines.map((line) => line[0])).toEqual(await column(page, 1))
    expect(lines.map((line) => score(Number(line[3])))).toEqual(await column(page, 4))
    await page.context().close()
  })

  it('finds a lead by email and opens its detail: trajectory, lifecycle and activity as in the marts', async () => {
    const [lead] = await sql<{ email: string }>(
      `SELECT email FROM leadhouse.leads
       WHERE email IN (SELECT email FROM leadhouse.activity_log WHERE source = 'sales')
       ORDER BY score DESC, email LIMIT 1`,
    )
    const email = lead?.email ?? ''
    const page = await loggedIn()
    await openLeads(page)
    await listAfter(page, () => page.fill('#leads-q', email))
    expect(new URL(page.url()).searchParams.get('q')).toBe(email)
    expect(await column(page, 1)).toEqual([email])
    await page.locator('a.lead-link').click()
    await page.waitForURL(/\/dashboard\/leads\/detail\?email=/)
    await page.locator('.lead-activity').waitFor()

    const trajectory = await sql<{ change: number }>(
      'SELECT change FROM leadhouse.score_trajectory WHERE email = {email: String}',
      { email },
    )
    const stages = await sql<{ n: number }>(
      'SELECT count() AS n FROM leadhouse.lifecycle_stages WHERE email = {email: String}',
      { email },
    )
    const activity = await sql<{ n: number }>(
      `SELECT count() AS n FROM leadhouse.activity_log WHERE person_key = {key: String}`,
      { key: `lead:${email}` },
    )
    const chart = page.locator('.trajectory-chart svg')
    expect(await chart.locator('path').count()).toBeGreaterThan(0)
    expect(await chart.locator('title').count()).toBe(
      trajectory.filter((row) => Number(row.change) !== 0).length,
    )
    expect(await page.locator('.lead-trajectory tbody tr').count()).toBe(trajectory.length)
    expect(await page.locator('.lifecycle-stage').count()).toBe(Number(stages[0]?.n))
    expect(await page.locator('.activity').count()).toBe(Math.min(500, Number(activity[0]?.n)))
    expect(await page.locator('.activity-sales').count()).toBeGreaterThan(0)
    // Newest first.
    const times = await page
      .locator('.activity time')
      .evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime') ?? '')))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    await page.screenshot({ path: join(ARTEFACTS, 'lead-detail-1280.png'), fullPage: true })

    // Back to the list with the link, and a lead that does not exist.
    await page.locator('.back-link a').click()
    await page.waitForURL(/\/dashboard\/leads$|\/dashboard\/leads\?/)
    await page.goto(`${collector.url}/dashboard/leads/detail?email=nobody%40nowhere.test`)
    await page.locator('h1', { hasText: 'No such lead' }).waitFor()
    expect(await page.locator('.back-link a').getAttribute('href')).toBe('/dashboard/leads')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('shows a CRM name that looks like HTML as text, in the list and the detail', async () => {
    const page = await loggedIn()
    await openLeads(page, `?q=${encodeURIComponent(HOSTILE.email)}`)
    await page.locator('.leads-page tbody tr').first().waitFor()
    expect(await column(page, 2)).toEqual([HOSTILE.name])
    expect(await column(page, 3)).toEqual([HOSTILE.company])
    expect(await page.locator('.leads-page tbody img, .leads-page tbody b').count()).toBe(0)
    await page.locator('a.lead-link').click()
    await page.locator('.lead-activity').waitFor()
    expect(await page.locator('h1').textContent()).toBe(HOSTILE.name)
    expect(await page.locator('.activity-sales').first().textContent()).toContain(
      '<script>window.__xss=2</script>',
    )
    expect(await page.locator('main img, main b, main script').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(
      undefined,
    )
    await page.context().close()
  })

  it('speaks German, with German numbers, on both pages', async () => {
    const page = await loggedIn(1280, 'de')
    await openLeads(page)
    expect(await page.locator('.leads-page h1').textContent()).toBe('Leads')
    expect(await page.locator('label[for=leads-q]').textContent()).toBe('Suche')
    expect(await page.locator('.leads-page caption').textContent()).toMatch(/^Leads, 1–\d+ von /)
    const [top] = await sql<{ score: number }>(
      'SELECT score FROM leadhouse.leads ORDER BY score DESC, email LIMIT 1',
    )
    expect((await column(page, 4))[0]).toBe(score(Number(top?.score), 'de'))
    await page.screenshot({ path: join(ARTEFACTS, 'leads-de-1280.png'), fullPage: true })
    await page.locator('a.lead-link').first().click()
    await page.locator('.lead-activity').waitFor()
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Profil',
      'Lead-Score',
      'Score im Zeitverlauf',
      'Lebenszyklus',
      'Aktivitäten und Vertriebsprotokoll',
    ])
    await page.screenshot({ path: join(ARTEFACTS, 'lead-detail-de-1280.png'), fullPage: true })
    await page.context().close()
  })

  it('fits a phone’s 375 px, and works with the keyboard alone', async () => {
    const page = await loggedIn(375)
    await openLeads(page)
    // The page never scrolls sideways; the wide table scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.screenshot({ path: join(ARTEFACTS, 'leads-375.png'), fullPage: true })
    // From the search field, Tab reaches the first lead's link; Enter opens it.
    await page.focus('#leads-q')
    for (let presses = 0; presses < 40; presses += 1) {
      await page.keyboard.press('Tab')
      if (await page.evaluate(() => document.activeElement?.matches('a.lead-link'))) break
    }
    expect(await page.evaluate(() => document.activeElement?.matches('a.lead-link'))).toBe(true)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/dashboard\/leads\/detail\?email=/)
    await page.locator('.lead-activity').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    // The activity's filter buttons answer the keyboard.
    await page.locator('.toggle-group button').nth(1).focus()
    await page.keyboard.press('Enter')
    expect(await page.locator('.toggle-group button').nth(1).getAttribute('aria-pressed')).toBe(
      'true',
    )
    await page.screenshot({ path: join(ARTEFACTS, 'lead-detail-375.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.context().close()
  })
})
