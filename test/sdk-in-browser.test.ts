/**
 * The SDK in a real browser: Chromium visits pages of a fixture site (its own origin, as a
 * customer's site would be) that embed the collector's script. Each case asserts what leaves
 * the browser and what lands in ClickHouse.
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import type { WireEvent, WireLink } from '@leadhouse/sdk/wire'
import { rows } from '@leadhouse/warehouse/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eventually, launchChromium, watchedVisitor } from './support/browser.js'
import { startTestCollector, type TestCollector } from './support/collector.js'
import { listenOnLoopback } from './support/servers.js'

const ESM_BUILD = join(import.meta.dirname, '../sdk/dist/index.mjs')

let collector: TestCollector
let site: Server
let siteUrl: string
let browser: Browser
/** Fixture pages by path: body and extra response headers. */
const pages = new Map<string, { body: string; headers?: Record<string, string> }>()

beforeAll(async () => {
  collector = await startTestCollector({ env: { LEADHOUSE_SITES: 'demo' } })
  site = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] as string
    if (path === '/sdk/index.mjs') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(ESM_BUILD))
      return
    }
    const page = pages.get(path)
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html', ...page?.headers })
    response.end(page?.body ?? 'not found')
  })
  siteUrl = `http://127.0.0.1:${await listenOnLoopback(site)}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => site?.close(resolve))
  await collector?.close()
})

beforeEach(() => pages.clear())

/** Serves `body` at `path` on the fixture site. */
function serve(path: string, body: string, headers?: Record<string, string>): void {
  pages.set(path, { body, ...(headers ? { headers } : {}) })
}

/** The script tag a site embeds; the collector is another origin than the site. */
function scriptTag(attributes = ''): string {
  return `<script defer src="${collector.url}/lh.js" data-site="demo" data-local ${attributes}></script>`
}

function html(body: string, head = scriptTag()): string {
  return `<!doctype html><html><head><title>Fixture</title>${head}</head><body>${body}</body></html>`
}

/** A visitor's browser context and everything it sends to the collector. */
const visitor = () => watchedVisitor(browser, collector.url)

async function stored(ids: string[]): Promise<Record<string, string>[]> {
  return rows(
    collector.warehouse,
    'SELECT toString(event_id) AS id, type, path, email, name, props, language, referrer, is_pricing FROM leadhouse.events FINAL WHERE event_id IN {ids:Array(UUID)}',
    { ids },
  )
}

/** Waits until `count` events matching `where` were sent, and returns them. */
function sentEvents(
  sent: WireEvent[],
  count: number,
  where: (event: WireEvent) => boolean = () => true,
) {
  return eventually(async () => {
    const matching = sent.filter(where)
    return matching.length >= count ? matching : undefined
  })
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 700))

describe('the SDK in Chromium', () => {
  it('records SPA navigation and the back button, each path once, pricing flagged', async () => {
    serve(
      '/app',
      html(`<a id="pricing" href="/app/pricing">pricing</a><a id="docs" href="/app/docs">docs</a>
        <script>
          for (const link of document.querySelectorAll('a')) link.addEventListener('click', (event) => {
            event.preventDefault()
            history.pushState({}, '', link.getAttribute('href'))
            history.replaceState({}, '', link.getAttribute('href') + '?tab=1')
          })
        </script>`),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/app?utm_source=linkedin&utm_campaign=launch`, {
      referer: 'https://www.linkedin.com/',
    })
    await sentEvents(sent, 1, (e) => e.t === 'pageview')
    await page.click('#pricing')
    await page.click('#docs')
    await page.goBack()
    const views = await sentEvents(sent, 4, (e) => e.t === 'pageview')
    expect(views.map((v) => v.p)).toEqual(['/app', '/app/pricing', '/app/docs', '/app/pricing'])
    const [landing, pricing] = views as [
      WireEvent & { t: 'pageview' },
      WireEvent & { t: 'pageview' },
    ]
    expect(landing).toMatchObject({
      r: 'https://www.linkedin.com/',
      ti: 'Fixture',
      sc: expect.stringMatching(/^\d+x\d+$/),
    })
    expect(landing.u).toBe(`${siteUrl}/app?utm_source=linkedin&utm_campaign=launch`)
    // Event, anonymous and session ids are version 4 UUIDs, read from blob URLs.
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    for (const id of [landing.i, landing.a, landing.sid]) expect(id).toMatch(v4)
    expect(landing.z).toBeTruthy()
    expect(pricing.r).toBeUndefined()
    expect(new Set(views.map((v) => v.a)).size).toBe(1)
    const landed = await eventually(async () => {
      const found = await stored(views.map((v) => v.i))
      return found.length === 4 ? found : undefined
    })
    // The collector flags the default pricing pages (*/pricing, ...).
    expect(landed.map((row) => [row.path, row.is_pricing]).sort()).toEqual([
      ['/app', false],
      ['/app/docs', false],
      ['/app/pricing', true],
      ['/app/pricing', true],
    ])
    // The collector reads the browser's language from Accept-Language.
    expect(landed.find((row) => row.id === landing.i)).toMatchObject({
      language: expect.stringMatching(/^[a-z]{2}/),
      referrer: 'https://www.linkedin.com/',
    })
    await context.close()
  })

  it('with data-hash counts hash changes: links, location.hash and the back button', async () => {
    serve('/spa', html('<a id="settings" href="#/settings">settings</a>', scriptTag('data-hash')))
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/spa#/home`)
    await sentEvents(sent, 1, (e) => e.t === 'pageview')
    await page.click('#settings')
    await page.evaluate(() => {
      location.hash = '#/billing'
    })
    await page.goBack()
    const views = await sentEvents(sent, 4, (e) => e.t === 'pageview')
    expect(views.map((v) => v.p)).toEqual([
      '/spa#/home',
      '/spa#/settings',
      '/spa#/billing',
      '/spa#/settings',
    ])
    await context.close()
  })

  it('identifies the visitor from a form that navigates away, and never sends the password', async () => {
    serve(
      '/whitepaper',
      html(`<form method="post" action="/thanks">
        <input type="email" name="email" id="email">
        <input name="first_name" id="name"><input name="company" id="company"><input name="job_title" id="title">
        <input type="password" name="password" id="password">
        <input name="cardnumber" autocomplete="cc-number" id="card">
        <input type="hidden" name="token" value="hidden-secret-value">
        <input name="phone" id="phone" data-lh-ignore>
        <button type="submit" id="send">Download</button>
      </form>`),
    )
    serve('/thanks', html('<p>Thanks</p>'))
    const { context, page, sent, toCollector } = await visitor()
    await page.goto(`${siteUrl}/whitepaper`)
    await page.fill('#email', ' Ada.Lovelace@Example.COM ')
    await page.fill('#name', 'Ada')
    await page.fill('#company', 'Analytical Engines Ltd')
    await page.fill('#title', 'Head of Marketing')
    await page.fill('#password', 'correct horse battery staple')
    await page.fill('#card', '4111111111111111')
    await page.fill('#phone', '+49 30 1234567')
    await Promise.all([page.waitForURL('**/thanks'), page.click('#send')])
    const [identify] = await sentEvents(sent, 1, (e) => e.t === 'identify')
    const views = await sentEvents(sent, 2, (e) => e.t === 'pageview')
    expect(identify).toMatchObject({
      e: 'Ada.Lovelace@Example.COM',
      // Company, job title and name by position: the collector names them.
      tr: ['Analytical Engines Ltd', 'Head of Marketing', 'Ada'],
      p: '/whitepaper',
      a: views[0]?.a,
    })
    for (const secret of ['correct horse', '4111111111111111', 'hidden-secret-value', '1234567']) {
      expect(toCollector.join('\n')).not.toContain(secret)
    }
    const [row] = await eventually(async () => {
      const found = await stored([identify?.i as string])
      return found.length ? found : undefined
    })
    expect(row).toMatchObject({ type: 'identify', email: 'ada.lovelace@example.com' })
    expect(JSON.parse(row?.props as string)).toEqual({
      name: 'Ada',
      company: 'Analytical Engines Ltd',
      job_title: 'Head of Marketing',
    })
    // /thanks was reached from the site's own form: the collector keeps no referrer for it.
    const [thanks] = await eventually(async () => {
      const found = await stored([views[1]?.i as string])
      return found.length ? found : undefined
    })
    expect(thanks).toMatchObject({ path: '/thanks', referrer: '' })
    await context.close()
  })

  it('identifies from forms inside shadow roots, made before and after the script loaded (lh-forms.js)', async () => {
    const form = (id: string) =>
      `<form><input type="email" name="work-mail" value="${id}@example.com"><button>Go</button></form>`
    serve(
      '/widget',
      html(
        `<div id="early"></div><button id="make">make widget</button><div id="late"></div>
        <script>
          const host = (id, html) => {
            const root = document.getElementById(id).attachShadow({ mode: id === 'late' ? 'closed' : 'open' })
            root.innerHTML = html
            // The widget sends the form itself: a submission that went through.
            root.querySelector('form').addEventListener('submit', (event) => {
              event.preventDefault()
              fetch('/subscribe', { method: 'POST', body: new FormData(event.target) })
            })
            return root
          }
          window.roots = { early: host('early', ${JSON.stringify(form('early'))}) }
          document.getElementById('make').onclick = () => { window.roots.late = host('late', ${JSON.stringify(form('late'))}) }
        </script>`,
        // The page's own script runs first: the early shadow root exists before the SDK starts.
        // Shadow roots are lh-forms.js's.
        `${scriptTag()}<script defer src="${collector.url}/lh-forms.js"></script>`,
      ),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/widget`)
    await sentEvents(sent, 1, (e) => e.t === 'pageview')
    await page.evaluate(() =>
      (window as unknown as { roots: Record<string, ShadowRoot> }).roots.early
        ?.querySelector('button')
        ?.click(),
    )
    await page.click('#make')
    await page.evaluate(() =>
      (window as unknown as { roots: Record<string, ShadowRoot> }).roots.late
        ?.querySelector('button')
        ?.click(),
    )
    const identified = await sentEvents(sent, 2, (e) => e.t === 'identify')
    expect(identified.map((e) => (e as WireEvent & { e: string }).e)).toEqual([
      'early@example.com',
      'late@example.com',
    ])
    await context.close()
  })

  it('identifies from a formless widget marked data-lh-identify', async () => {
    serve(
      '/newsletter',
      html(
        `<div data-lh-identify><input id="mail" name="newsletter_email"><button id="join">Join</button></div>`,
      ),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/newsletter`)
    await page.fill('#mail', 'grace@example.com')
    await page.click('#join')
    const [identify] = await sentEvents(sent, 1, (e) => e.t === 'identify')
    expect(identify).toMatchObject({ e: 'grace@example.com' })
    await context.close()
  })

  it('sends nothing under Global Privacy Control or Do-Not-Track, unless data-dnt="false"', async () => {
    serve('/private', html('<p>private</p>'))
    serve('/opted', html('<p>site ignores DNT</p>', scriptTag('data-dnt="false"')))
    for (const signal of ['globalPrivacyControl', 'doNotTrack'] as const) {
      const { context, page, sent } = await visitor()
      await context.addInitScript((name) => {
        Object.defineProperty(Navigator.prototype, name, {
          get: () => (name === 'doNotTrack' ? '1' : true),
        })
      }, signal)
      await page.goto(`${siteUrl}/private`)
      await settle()
      expect(sent).toEqual([])
      await page.goto(`${siteUrl}/opted`)
      await sentEvents(sent, 1)
      await context.close()
    }
  })

  it('with data-consent="required" sends and stores nothing until consent is given', async () => {
    serve('/consent', html('<p>banner</p>', scriptTag('data-consent="required"')))
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/consent`)
    await page.evaluate(() =>
      (window as unknown as { lh: (...a: unknown[]) => void }).lh('track', 'before-consent'),
    )
    await settle()
    expect(sent).toEqual([])
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('lh_'))),
    ).toEqual([])
    expect(await page.evaluate(() => document.cookie)).toBe('')
    await page.evaluate(() =>
      (window as unknown as { lh: (...a: unknown[]) => void }).lh('consent', true),
    )
    const [view] = await sentEvents(sent, 1)
    expect(view).toMatchObject({ t: 'pageview', p: '/consent' })
    expect(sent.some((e) => e.t === 'event')).toBe(false)
    expect(await page.evaluate(() => localStorage.getItem('lh_id')?.split('.')[0])).toBe(view?.a)
    await context.close()
  })

  it('keeps events while offline and delivers them once back online', async () => {
    serve('/offline', html('<p>offline</p>'))
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/offline`)
    await sentEvents(sent, 1)
    await context.setOffline(true)
    await page.evaluate(() =>
      (window as unknown as { lh: (...a: unknown[]) => void }).lh('track', 'read-offline', {
        chapter: 3,
      }),
    )
    const queued = await eventually(async () => {
      const queue = await page.evaluate(() => localStorage.getItem('lh_q'))
      return queue?.includes('read-offline') ? (JSON.parse(queue) as WireEvent[]) : undefined
    })
    const event = queued.find((e) => e.t === 'event') as WireEvent
    await context.setOffline(false)
    const [row] = await eventually(async () => {
      const found = await stored([event.i])
      return found.length ? found : undefined
    })
    expect(row).toMatchObject({ type: 'event', name: 'read-offline', props: '{"chapter":3}' })
    await eventually(async () =>
      (await page.evaluate(() => localStorage.getItem('lh_q'))) === '[]' ? true : undefined,
    )
    await context.close()
  })

  it('works from the ESM build', async () => {
    serve(
      '/esm',
      html(
        `<script type="module">
          import { init, track, identify } from '/sdk/index.mjs'
          track('before-init')
          init({ site: 'demo', api: '${collector.url}', local: true })
          identify('esm@example.com', { plan: 'team' })
        </script>`,
        '',
      ),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/esm`)
    const events = await sentEvents(sent, 3)
    expect(events.map((e) => e.t).sort()).toEqual(['event', 'identify', 'pageview'])
    expect(events.find((e) => e.t === 'identify')).toMatchObject({
      e: 'esm@example.com',
      tr: { plan: 'team' },
    })
    await context.close()
  })

  it('runs under a strict Content-Security-Policy, once when loaded twice', async () => {
    serve('/strict', html('<p>strict</p>', scriptTag() + scriptTag()), {
      'content-security-policy': `default-src 'none'; script-src ${collector.url}; connect-src ${collector.url}`,
    })
    const { context, page, sent } = await visitor()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    const script = page.waitForResponse(`${collector.url}/lh.js`)
    await page.goto(`${siteUrl}/strict`)
    await sentEvents(sent, 1)
    await settle()
    expect(sent.filter((e) => e.t === 'pageview')).toHaveLength(1)
    expect(violations).toEqual([])
    // The script arrives precompressed, in the coding Chromium asked for.
    const headers = await (await script).allHeaders()
    expect(headers['content-encoding']).toMatch(/^(br|gzip)$/)
    expect(headers.vary).toBe('Accept-Encoding')
    await context.close()
  })

  it('adds nothing to the page but window.lh', async () => {
    const before = '<script>window.before = Object.getOwnPropertyNames(window)</script>'
    serve('/globals', html('<p>globals</p>', before + scriptTag()))
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/globals`)
    await sentEvents(sent, 1)
    const added = await page.evaluate(() => {
      const known = (window as unknown as { before: string[] }).before
      return Object.getOwnPropertyNames(window).filter((name) => !known.includes(name))
    })
    expect(added.filter((name) => name !== 'before')).toEqual(['lh'])
    await context.close()
  })

  it('tracks outbound and download clicks, and engagement when the page is left', async () => {
    serve(
      '/links',
      html(
        `<div style="height:3000px"><a id="out" href="https://partner.example.org/offer">partner</a>
         <a id="pdf" href="/files/guide.pdf" download>guide</a>
         <a id="terms" href="/terms.html" onclick="event.preventDefault()">terms</a>
         <a id="about" href="/about" onclick="event.preventDefault()">about</a></div>`,
      ),
    )
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/links`)
    await sentEvents(sent, 1)
    await page.click('#pdf')
    await page.click('#terms')
    await page.click('#about')
    await page.route('https://partner.example.org/**', (route) =>
      route.fulfill({ body: 'partner' }),
    )
    await page.mouse.wheel(0, 1200)
    await page.waitForTimeout(300)
    await Promise.all([page.waitForURL('https://partner.example.org/offer'), page.click('#out')])
    // Links to another host or with an extension leave the browser; /about does not.
    const clicks = await sentEvents(sent, 3, (e) => e.t === 'link').catch((error) => {
      throw new Error(`${error.message}: sent ${JSON.stringify(sent.map((e) => [e.t, e.p]))}`)
    })
    expect(clicks.map((e) => (e as WireLink).h)).toEqual([
      `${siteUrl}/files/guide.pdf`,
      `${siteUrl}/terms.html`,
      'https://partner.example.org/offer',
    ])
    // The collector names them, and drops the internal page.
    const named = await eventually(async () => {
      const found = await stored(clicks.map((e) => e.i))
      return found.length >= 2 ? found : undefined
    })
    expect(named.map((e) => [e.type, e.name, JSON.parse(e.props as string).url]).sort()).toEqual([
      ['event', 'download', `${siteUrl}/files/guide.pdf`],
      ['event', 'outbound', 'https://partner.example.org/offer'],
    ])
    // The page that was left sends its engagement as it unloads; after a cross-site
    // navigation the browser tooling no longer sees that page's requests, the collector does.
    const visitorId = sent[0]?.a as string
    const [engagement] = await eventually(async () => {
      const found = await rows<{
        path: string
        url: string
        engaged_ms: number
        scroll_depth: number
      }>(
        collector.warehouse,
        "SELECT path, url, engaged_ms, scroll_depth FROM leadhouse.events WHERE type = 'engagement' AND anonymous_id = {visitor:String}",
        { visitor: visitorId },
      )
      return found.length ? found : undefined
    })
    expect(engagement).toMatchObject({ path: '/links', url: `${siteUrl}/links` })
    expect(engagement?.engaged_ms).toBeGreaterThan(0)
    expect(engagement?.scroll_depth).toBeGreaterThan(20)
    await context.close()
  })

  it('sends nothing from an automated browser, or from localhost without data-local', async () => {
    serve('/robot', html('<p>robot</p>'))
    serve(
      '/no-local',
      html('<p>local</p>', `<script defer src="${collector.url}/lh.js" data-site="demo"></script>`),
    )
    const automated = await launchChromium({ automated: true })
    try {
      const context = await automated.newContext()
      const requests: string[] = []
      context.on('request', (request) => requests.push(request.url()))
      const page = await context.newPage()
      await page.goto(`${siteUrl}/robot`)
      await settle()
      expect(requests.filter((url) => url.endsWith('/e'))).toEqual([])
    } finally {
      await automated.close()
    }
    const { context, page, sent } = await visitor()
    await page.goto(`${siteUrl}/no-local`)
    await settle()
    expect(sent).toEqual([])
    await context.close()
  })
})
