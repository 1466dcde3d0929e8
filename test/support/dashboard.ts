/**
 * The dashboard's end-to-end set-up: a collector with an admin and a read key, generated data
 * with the models built, Chromium, and pages logged in with the read key in a language and at a
 * width; what the console says about the CSP and uncaught errors is kept in `problems`. Also
 * axe-core, injected into a page to list its serious and critical accessibility violations.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type GenerateOptions, generate } from '@leadhouse/generate'
import { rows } from '@leadhouse/warehouse/testing'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser.js'
import { startTestCollector, type TestCollector } from './collector.js'

export type Locale = 'en' | 'de'

export interface DashboardRig {
  collector: TestCollector
  browser: Browser
  readKey: string
  /** CSP refusals and page errors seen by any page of the rig. */
  problems: string[]
  /** Rows of a query on the marts, with parameters. */
  sql<T>(query: string, params?: Record<string, unknown>): Promise<T[]>
  /** A new context's page, logged in with the read key, in `locale`, at `width` × 900. */
  loggedIn(options?: { width?: number; locale?: Locale }): Promise<Page>
  close(): Promise<void>
}

export interface DashboardRigOptions {
  /** After the generator, before the build: more data (CRM records...) sent with the admin key. */
  add?: (collector: TestCollector, adminKey: string) => Promise<void>
}

/** Starts the rig: keys named after `name`, data from the generator, the models built. */
export async function startDashboardRig(
  name: string,
  data: Partial<GenerateOptions>,
  options: DashboardRigOptions = {},
): Promise<DashboardRig> {
  const adminKey = `lh_admin_${name}-0123456789`
  const readKey = `lh_read_${name}-0123456789`
  const collector = await startTestCollector({
    config: { adminKeys: [adminKey], readKeys: [readKey] },
  })
  await generate(collector.warehouse, data)
  await options.add?.(collector, adminKey)
  const build = await fetch(`${collector.url}/api/v1/models/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}` },
  })
  const built = (await build.json()) as { success?: boolean }
  if (!built.success) throw new Error(`model build failed: ${JSON.stringify(built)}`)
  const browser = await launchChromium()
  const problems: string[] = []
  return {
    collector,
    browser,
    readKey,
    problems,
    sql: (query, params = {}) => rows(collector.warehouse, query, params),
    async loggedIn({ width = 1280, locale = 'en' } = {}) {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text()))
          problems.push(message.text())
      })
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      await page.goto(`${collector.url}/login`)
      await page.fill('input[name=key]', readKey)
      await page.click('button[type=submit]')
      await page.waitForURL(`${collector.url}/dashboard`)
      await page.evaluate((chosen) => localStorage.setItem('leadhouse.locale', chosen), locale)
      return page
    },
    async close() {
      await browser.close()
      await collector.close()
    },
  }
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

export interface AxeProblem {
  id: string
  impact: string
  help: string
  targets: string[]
}

/**
 * axe-core's serious and critical violations on the page as it is now. The script goes in
 * through the DevTools protocol (`evaluate`), which the page's CSP does not govern, so the
 * dashboard's CSP stays as strict in the test as in use.
 */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: {
              id: string
              impact?: string
              help: string
              nodes: { target: unknown[] }[]
            }[]
          }>
        }
      }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      }))
  })
}
