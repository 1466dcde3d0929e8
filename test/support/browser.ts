// Real headless Chromium from Debian, driven by playwright-core. Tests that need a browser
// fail with the fix when it is missing, rather than skip.
import { existsSync } from 'node:fs'
import type { WireBatch, WireEvent } from '@leadhouse/sdk/wire'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

export const CHROMIUM = process.env.LEADHOUSE_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Chromium as a visitor's browser. The SDK sends nothing from automated browsers, so this one
 * does not announce automation: no `--enable-automation` (which sets `navigator.webdriver`),
 * and contexts from `visitorContext` carry a desktop Chrome user agent without "Headless".
 */
export async function launchChromium(options: { automated?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set LEADHOUSE_CHROMIUM`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: options.automated ? [] : ['--enable-automation'],
    // The machine has no network beyond loopback: without these flags Chromium keeps trying
    // to reach Google's services at start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(options.automated ? [] : ['--disable-blink-features=AutomationControlled']),
    ],
  })
}

/** A browser context that looks like a person's desktop Chrome. */
export function visitorContext(browser: Browser): Promise<BrowserContext> {
  const version = browser.version()
  return browser.newContext({
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36`,
  })
}

export interface WatchedVisitor {
  context: BrowserContext
  page: Page
  /** Every event the browser sent to the collector's `POST /e`, in order. */
  sent: WireEvent[]
  /** Every request the browser made to the collector, as `URL body`. */
  toCollector: string[]
}

/** A visitor's browser context, and what it sends to the collector at `collectorUrl`. */
export async function watchedVisitor(
  browser: Browser,
  collectorUrl: string,
): Promise<WatchedVisitor> {
  const context = await visitorContext(browser)
  const sent: WireEvent[] = []
  const toCollector: string[] = []
  context.on('request', (request) => {
    if (!request.url().startsWith(collectorUrl)) return
    toCollector.push(`${request.url()} ${request.postData() ?? ''}`)
    if (request.url() === `${collectorUrl}/e` && request.method() === 'POST')
      sent.push(...(JSON.parse(request.postData() ?? '') as WireBatch).e)
  })
  return { context, page: await context.newPage(), sent, toCollector }
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
