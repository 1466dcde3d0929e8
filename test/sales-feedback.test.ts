/**
 * Sales feedback in Chromium (#24): a salesperson's key made with `leadhouse keys create --role
 * sales`, logged in to the dashboard, finds the MQLs in the queue, accepts one and rejects
 * another with a reason on the lead page (keyboard alone for the rejection); after the next
 * model build lifecycle_stages has the first in sql and the second recycled, the sales log keeps
 * the reason and the salesperson's name, and the queue lists neither. A read key sees neither
 * the queue nor the actions. The build's alerts go to a webhook receiver that refuses them (one
 * attempt each): dead letters, which an admin finds on the Alerts page at 375 px and resends
 * with the keyboard, delivered with the same alert_id. Screenshots go to
 * test/artefacts/sales-feedback/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Receiver, startReceiver } from '@leadhouse/collector/testing'
import { generate } from '@leadhouse/generate'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser.js'
import {
  ROOT,
  runLeadhouseCli,
  startTestCollector,
  type TestCollector,
} from './support/collector.js'

const ADMIN_KEY = 'lh_admin_sales-feedback-0123456789'
const READ_KEY = 'lh_read_sales-feedback-0123456789'
const ARTEFACTS = join(ROOT, 'test', 'artefacts', 'sales-feedback')

describe('sales feedback from the dashboard', () => {
  let collector: TestCollector
  let browser: Browser
  let salesKey = ''
  let mqls: string[] = []
  let receiver: Receiver
  const problems: string[] = []

  const sql = <T>(query: string, params: Record<string, unknown> = {}) =>
    rows<T>(collector.warehouse, query, params)

  async function build(): Promise<void> {
    const built = await fetch(`${collector.url}/api/v1/models/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    expect(await built.json()).toMatchObject({ success: true })
  }

  beforeAll(async () => {
    const home = temporaryDataDir()
    const made = await runLeadhouseCli(
      ['keys', 'create', '--role', 'sales', '--name', 'Anna Berger'],
      { LEADHOUSE_DATA_DIR: home },
    )
    expect(made.code, made.output).toBe(0)
    salesKey = /^lh_sales_\S+$/m.exec(made.output)?.[0] ?? ''
    expect(salesKey).not.toBe('')
    receiver = await startReceiver()
    // Refused, and one attempt only: each alert of the build is a dead letter at once.
    receiver.answer = 500
    collector = await startTestCollector({
      config: {
        adminKeys: [ADMIN_KEY],
        readKeys: [READ_KEY],
        stateDir: join(home, 'leadhouse'),
        alerts: {
          destinations: {
            '*': {
              webhook: { url: receiver.url, secret: 'whsec_sales-feedback-0123456789abcdef' },
            },
          },
          owners: {},
          maxAttempts: 1,
          backoffBaseMs: 1000,
          backoffCapMs: 2000,
          // The generated data ends weeks ago: its alerts are queued all the same.
          lookbackMs: 3650 * 86_400_000,
        },
      },
    })
    await generate(collector.warehouse, { events: 8000, days: 60, end: '2026-10-31', seed: 7 })
    await build()
    mqls = (
      await sql<{ email: string }>(
        "SELECT email FROM leadhouse.leads WHERE current_stage = 'mql' ORDER BY email LIMIT 2",
      )
    ).map((row) => row.email)
    expect(mqls).toHaveLength(2)
    browser = await launchChromium()
    mkdirSync(ARTEFACTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await collector?.close()
    await receiver?.close()
  })

  async function loggedIn(key: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } })
    const page = await context.newPage()
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    await page.goto(`${collector.url}/dashboard`)
    await page.fill('input[name=key]', key)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/dashboard/)
    return page
  }

  async function openQueue(page: Page, query = ''): Promise<void> {
    await page.goto(`${collector.url}/dashboard/queue${query}`)
    await page.locator('.queue-page caption, .queue-page .state-empty').first().waitFor()
  }

  const queueEmails = (page: Page) =>
    page.locator('.queue-page tbody tr td:nth-child(1)').allTextContents()

  it('accepts and rejects from the dashboard; the next build moves both leads on', async () => {
    const [accepted = '', rejected = ''] = mqls
    const page = await loggedIn(salesKey)
    await openQueue(page, '?mine=0')
    await expect(page.locator('nav a', { hasText: 'MQL queue' }).count()).resolves.toBe(1)
    const listed = await queueEmails(page)
    expect(listed).toEqual(expect.arrayContaining(mqls))
    await page.screenshot({ path: join(ARTEFACTS, 'queue.png'), fullPage: true })

    // Accept: from the queue's link to the lead page, then its button.
    await page.locator('.queue-page a.lead-link', { hasText: accepted }).click()
    await page.locator('.sales-actions').waitFor()
    await page.locator('.sales-actions button', { hasText: 'Accept (SQL)' }).click()
    await page.locator('.sales-outcome-done').waitFor()
    expect(await page.locator('.sales-outcome').textContent()).toBe(
      'Accepted: recorded; visible after the next build.',
    )

    // Reject with the keyboard alone: the reason select, then its button.
    await page.goto(`${collector.url}/dashboard/leads/detail?email=${encodeURIComponent(rejected)}`)
    await page.locator('.sales-actions').waitFor()
    await page.focus('#reject-reason')
    await page.keyboard.press('ArrowDown') // the first reason: No budget
    expect(await page.inputValue('#reject-reason')).toBe('no_budget')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.locator('.sales-outcome-done').waitFor()
    expect(await page.locator('.sales-outcome').textContent()).toBe(
      'Rejected (No budget): recorded; visible after the next build.',
    )
    await page.screenshot({ path: join(ARTEFACTS, 'rejected.png'), fullPage: true })

    // Decided: out of the queue before the build, as soon as the spool has handed the records to
    // the warehouse (a second at most when idle; more on a loaded machine, hence the poll).
    await expect
      .poll(
        async () => {
          await openQueue(page, '?mine=0')
          const listed = await queueEmails(page)
          return [accepted, rejected].filter((email) => listed.includes(email))
        },
        { timeout: 20_000, interval: 500 },
      )
      .toEqual([])

    await build()
    const current = await sql<{ email: string; stage: string }>(
      `SELECT email, stage FROM leadhouse.lifecycle_stages
       WHERE email IN {emails: Array(String)} AND is_current ORDER BY email`,
      { emails: mqls },
    )
    expect(Object.fromEntries(current.map((row) => [row.email, row.stage]))).toEqual({
      [accepted]: 'sql',
      [rejected]: 'recycled',
    })
    const log = await sql<{ email: string; decision: string; reason: string; actor: string }>(
      `SELECT email, decision, attributes['reason'] AS reason, attributes['actor'] AS actor
       FROM leadhouse.crm_events
       WHERE email IN {emails: Array(String)} AND attributes['via'] = 'dashboard' ORDER BY email`,
      { emails: mqls },
    )
    expect(log).toEqual(
      [
        { email: accepted, decision: 'accepted', reason: '', actor: 'Anna Berger' },
        { email: rejected, decision: 'rejected', reason: 'no_budget', actor: 'Anna Berger' },
      ].sort((a, b) => (a.email < b.email ? -1 : 1)),
    )
    // Anna accepted the first: it is hers now; neither waits in the queue any more.
    const detail = await fetch(
      `${collector.url}/api/v1/leads/detail?email=${encodeURIComponent(accepted)}`,
      { headers: { authorization: `Bearer ${salesKey}` } },
    )
    expect(((await detail.json()) as { lead: { owner: string } }).lead.owner).toBe('Anna Berger')
    await openQueue(page, '?mine=0')
    const after = await queueEmails(page)
    expect(after).not.toContain(accepted)
    expect(after).not.toContain(rejected)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('shows a read key neither the queue nor the actions', async () => {
    const page = await loggedIn(READ_KEY)
    await page.goto(
      `${collector.url}/dashboard/leads/detail?email=${encodeURIComponent(mqls[0] ?? '')}`,
    )
    await page.locator('.lead-header').waitFor()
    expect(await page.locator('nav a', { hasText: 'MQL queue' }).count()).toBe(0)
    expect(await page.locator('.sales-actions').count()).toBe(0)
    const refused = await page.evaluate(async () => {
      const response = await fetch('/api/v1/leads/decision', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@y.test', decision: 'accept' }),
      })
      return response.status
    })
    expect(refused).toBe(403)
    await page.context().close()
  })

  it('shows the dead letters to an admin at 375 px, who resends one with the keyboard', async () => {
    type Listed = { alerts: { alert_id: string; email: string; state: string }[] }
    const listed = async (state: string) => {
      const response = await fetch(`${collector.url}/api/v1/alerts?state=${state}`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      })
      return ((await response.json()) as Listed).alerts
    }
    // The build's alerts reach the outbox just after it, and die at their first refusal: all of
    // them have been tried once there are dead letters and nothing pending.
    await expect
      .poll(async () => [(await listed('dead')).length > 0, (await listed('pending')).length], {
        timeout: 30_000,
      })
      .toEqual([true, 0])
    const [first] = await listed('dead')
    receiver.answer = 200
    const refused = receiver.received.length

    const page = await loggedIn(ADMIN_KEY, 375)
    await page.goto(`${collector.url}/dashboard/alerts`)
    await page.locator('.dead-notice').waitFor()
    await page.locator('.dead-notice button').click()
    await page.waitForURL(/state=dead/)
    const row = page.locator('.alerts-page tbody tr').first()
    expect(await row.locator('.alert-state').textContent()).toBe('✖ Dead letter')
    expect(await row.locator('a.lead-link').textContent()).toBe(first?.email)
    expect(await row.textContent()).toContain('Webhook: Dead letter · 1 attempt')
    await page.screenshot({ path: join(ARTEFACTS, 'alerts-dead.png'), fullPage: true })

    await row.locator('.resend-start').focus()
    await page.keyboard.press('Enter')
    // The confirmation takes the focus from the button that gave way to it.
    await page.locator('.resend-confirm-button:focus').waitFor()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('.resend-notice').textContent())
      .toBe('Resent: pending again for Webhook.')
    await expect
      .poll(async () => (await listed('delivered')).map((alert) => alert.alert_id))
      .toEqual([first?.alert_id])
    const resent = receiver.received.slice(refused)
    expect(resent.map((got) => got.headers['idempotency-key'])).toEqual([first?.alert_id])
    await page.goto(`${collector.url}/dashboard/alerts?state=delivered`)
    await page.locator('.alerts-page caption').waitFor()
    expect(await page.locator('.alerts-page tbody a.lead-link').allTextContents()).toEqual([
      first?.email,
    ])
    expect(problems).toEqual([])
    await page.context().close()
  })
})
