/**
 * Another web page against the collector, in Chromium. The operator's browser holds an admin
 * session for `http://localhost:<port>`; a page served by another local server tries every admin
 * and read endpoint with `fetch` and with `<form>` posts (text/plain, urlencoded, multipart), and
 * a login with a key of its own. The attacker is served twice: from `http://localhost:<other>`,
 * the same site as the collector (ports do not make sites: the browser sends the SameSite=Strict
 * cookie along, so only the Origin check stands in the way), and from `http://127.0.0.1:<other>`,
 * another site. Nothing succeeds, nothing is stored or erased, and no build runs. Then a real
 * request with `Host: evil.example` (DNS rebinding) reaches only the ingest endpoints.
 *
 * The browser reaches the collector through a recording proxy (`support/recording-proxy.ts`)
 * that forwards every request unchanged, `Host` included: what reached the collector, with
 * which headers, and what it answered is read there, on the server's side of the connection.
 */
import { createServer, request as httpRequest, type Server } from 'node:http'
import { rows } from '@leadhouse/warehouse/testing'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, visitorContext } from './support/browser.js'
import { startTestCollector, type TestCollector } from './support/collector.js'
import { type RecordingProxy, recordingProxy } from './support/recording-proxy.js'
import { listenOnLoopback } from './support/servers.js'

const ADMIN_KEY = 'lh_admin_cross-site-test-0123456789'
const READ_KEY = 'lh_read_cross-site-test-0123456789'
const VICTIM = 'victim@example.com'
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

let collector: TestCollector
let browser: Browser
let attacker: Server
/** The collector as the operator opens it: `http://localhost:<port>` of the recording proxy. */
let home: string
let attackerPort: number
let proxy: RecordingProxy

/** The requests each admin endpoint would act on, were they let in. */
const ADMIN: [path: string, body: string][] = [
  ['/api/v1/models/run', '{}'],
  [
    '/api/v1/crm',
    JSON.stringify({
      records: [{ id: 'forged', type: 'call', occurred_at: '2026-11-20T10:00:00Z', email: VICTIM }],
    }),
  ],
  [
    '/api/v1/crm/csv',
    `id,type,occurred_at,email\nforged-csv,call,2026-11-20T10:00:00Z,${VICTIM}\n`,
  ],
  [
    '/api/v1/costs',
    JSON.stringify({
      costs: [
        { day: '2026-11-03', channel: 'display', campaign: 'forged', cost: 1, currency: 'EUR' },
      ],
    }),
  ],
  [
    '/api/v1/costs/csv',
    'day,channel,campaign,cost,currency\n2026-11-03,display,forged-csv,1,EUR\n',
  ],
  ['/api/v1/erase', JSON.stringify({ email: VICTIM })],
  ['/api/v1/links', JSON.stringify({ site: 'demo', email: VICTIM })],
  // A sales decision (the admin session may make one): a forged rejection would recycle the lead.
  [
    '/api/v1/leads/decision',
    JSON.stringify({ email: VICTIM, decision: 'reject', reason: 'no_budget' }),
  ],
]
const READ = [
  '/api/v1/activity',
  '/api/v1/queue',
  '/openapi.json',
  '/metrics',
  '/dashboard',
  '/dashboard/app.js',
]

/** The attacker's page: it tries everything, then says so in `window.attackDone`. */
function attackPage(target: string): string {
  return `<!doctype html><html><body><script>
const C = ${JSON.stringify(target)}
const ADMIN = ${JSON.stringify(ADMIN)}
const READ = ${JSON.stringify(READ)}
const results = []
// A text/plain form posts name=value: a name ending in a string opened for the '=' makes JSON.
function formFields(body) {
  if (!body.startsWith('{')) return [[body, '']]
  const open = body === '{}' ? '{' : body.slice(0, -1) + ','
  return [[open + '"x":"', '"}']]
}
function submit(action, enctype, fields) {
  return new Promise((resolve) => {
    const name = 'f' + Math.random().toString(36).slice(2)
    const frame = document.createElement('iframe')
    frame.name = name
    document.body.append(frame)
    const form = document.createElement('form')
    form.method = 'post'
    form.action = action
    form.enctype = enctype
    form.target = name
    for (const [key, value] of fields) {
      const input = document.createElement('input')
      input.type = 'hidden'
      input.name = key
      input.value = value
      form.append(input)
    }
    document.body.append(form)
    const timer = setTimeout(resolve, 3000)
    frame.addEventListener('load', () => { clearTimeout(timer); resolve() })
    form.submit()
  })
}
async function attempt(label, request) {
  try {
    const response = await request()
    // An opaque answer (no-cors) says nothing; a readable one would be a success.
    results.push(response.type === 'opaque' ? label + ' opaque' : label + ' READ ' + response.status)
  } catch (error) {
    results.push(label + ' blocked')
  }
}
async function run() {
  for (const [path, body] of ADMIN) {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      await attempt('fetch no-cors ' + type + ' ' + path, () =>
        fetch(C + path, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': type }, body }))
    }
    await attempt('fetch cors json ' + path, () =>
      fetch(C + path, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }))
    for (const enctype of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'])
      await submit(C + path, enctype, enctype === 'text/plain' ? formFields(body) : [['body', body], ['email', ${JSON.stringify(VICTIM)}]])
  }
  for (const path of READ) {
    await attempt('fetch cors ' + path, () => fetch(C + path, { credentials: 'include' }))
    await attempt('fetch no-cors ' + path, () => fetch(C + path, { mode: 'no-cors', credentials: 'include' }))
    await new Promise((resolve) => {
      const image = new Image()
      image.onload = image.onerror = resolve
      image.src = C + path
    })
  }
  // Login CSRF: logging the operator's browser in with a key of the attacker's.
  await submit(C + '/login', 'application/x-www-form-urlencoded', [['key', ${JSON.stringify(READ_KEY)}]])
  await submit(C + '/logout', 'application/x-www-form-urlencoded', [])
  window.attackDone = results
}
run()
</script></body></html>`
}

/** What the warehouse holds, to compare before and after. */
async function snapshot() {
  await collector.spool.drain()
  const [counts] = await rows<Record<string, string>>(
    collector.warehouse,
    `SELECT
       (SELECT count() FROM leadhouse.events) AS events,
       (SELECT count() FROM leadhouse.events WHERE email = {victim:String}) AS victim_events,
       (SELECT count() FROM leadhouse.crm_events) AS crm_events,
       (SELECT count() FROM leadhouse.campaign_costs) AS campaign_costs,
       (SELECT count() FROM leadhouse.rejected_events) AS rejected_events,
       (SELECT count() FROM leadhouse.activity_log) AS activity_log`,
    { victim: VICTIM },
  )
  return counts
}

async function asAdmin(path: string, body: unknown) {
  const response = await fetch(`${collector.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status, path).toBeLessThan(300)
}

beforeAll(async () => {
  collector = await startTestCollector({
    config: { adminKeys: [ADMIN_KEY], readKeys: [READ_KEY] },
  })
  proxy = await recordingProxy(Number(new URL(collector.url).port))
  home = `http://localhost:${proxy.port}`
  // The victim: a visitor who identified, a CRM record, some spend, all modelled.
  const event = (fields: Record<string, unknown>) => ({
    i: crypto.randomUUID(),
    ts: Date.now(),
    a: 'victim-laptop',
    u: 'https://acme.test/pricing',
    p: '/pricing',
    ...fields,
  })
  const ingest = (events: unknown[]) =>
    fetch(`${collector.url}/e`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME },
      body: JSON.stringify({ s: 'demo', e: events }),
    })
  expect(
    (await ingest([event({ t: 'pageview' }), event({ t: 'identify', e: VICTIM })])).status,
  ).toBe(202)
  await asAdmin('/api/v1/crm', {
    records: [
      { id: 'crm-victim', type: 'call', occurred_at: '2026-11-20T10:00:00Z', email: VICTIM },
    ],
  })
  await asAdmin('/api/v1/costs', {
    costs: [{ day: '2026-11-02', channel: 'display', campaign: 'real', cost: 5, currency: 'EUR' }],
  })
  await collector.spool.drain()
  await asAdmin('/api/v1/models/run', {})
  // One page view after the build: a build the attacker started would put it in activity_log.
  expect((await ingest([event({ t: 'pageview', p: '/later' })])).status).toBe(202)

  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(attackPage(home))
  })
  attackerPort = await listenOnLoopback(attacker)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => attacker?.close(resolve))
  await proxy?.close()
  await collector?.close()
})

/** A browser context in which the operator logged in with the admin key, through the form. */
async function loggedIn(): Promise<BrowserContext> {
  const context = await visitorContext(browser)
  const page = await context.newPage()
  await page.goto(`${home}/login`)
  await page.fill('input[name=key]', ADMIN_KEY)
  await page.click('button[type=submit]')
  await page.waitForURL(`${home}/dashboard`)
  await page.close()
  return context
}

/** A request of the attack page as the collector received it, and the collector's answer. */
interface Seen {
  method: string
  path: string
  status: number
  /** The Host header: the name and port the browser addressed. */
  host: string | undefined
  /** Sec-Fetch-Site: what the browser says about where the request came from. */
  site: string | undefined
  /** Whether the browser sent the session cookie along. */
  cookie: boolean
  contentType: string | undefined
}

/**
 * Opens the attack page from `origin`; answers what the page reported and every request of it
 * that reached the collector. Those are taken on the server side, from the recording proxy the
 * pages reach the collector through, never from the browser: Playwright's and the DevTools
 * protocol's reports of a request's headers arrive asynchronously, some only once the page
 * closes, and one still pending at the close failed the test. The proxy records a request before
 * it hands the answer back, so once the page has seen the outcome of everything it tried, the
 * record is complete; a fetch stopped at its preflight shows up as its OPTIONS alone.
 */
async function attack(context: BrowserContext, origin: string) {
  const page = await context.newPage()
  const from = proxy.reached.length
  await page.goto(`${origin}/attack`)
  await page.waitForFunction(() => (window as { attackDone?: unknown }).attackDone, undefined, {
    timeout: 120_000,
  })
  const results = (await page.evaluate(
    () => (window as unknown as { attackDone: string[] }).attackDone,
  )) as string[]
  await page.close()
  // A form whose frame took longer than the page's 3 s to load was not waited for: its request
  // went out seconds ago, and is recorded once the collector has answered it.
  await proxy.idle()
  const seen = proxy.reached
    .slice(from)
    // The operator's pages use the same proxy, and their stragglers (the dashboard's own fetch,
    // the browser's favicon request) may be answered while the attack runs; they carry no
    // referrer, while every request of the attack page names its origin (the default policy).
    // One that did not would be missing from the exact counts below, not overlooked.
    .filter((request) => referrerOrigin(request.headers.referer) === origin)
    .map(
      (request): Seen => ({
        method: request.method,
        path: request.path,
        status: request.status,
        host: request.headers.host,
        site: headerValue(request.headers['sec-fetch-site']),
        cookie: /lh_session=/.test(request.headers.cookie ?? ''),
        contentType: request.headers['content-type'],
      }),
    )
  return { results, seen }
}

function referrerOrigin(referer: string | undefined): string | undefined {
  return referer && URL.canParse(referer) ? new URL(referer).origin : undefined
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value
}

describe('another page in the browser', () => {
  it.each([
    ['the same site (localhost, another port)', 'localhost', 'same-site'],
    ['another site (127.0.0.1)', '127.0.0.1', 'cross-site'],
  ])('from %s gets nothing done, with or without a session', async (_, host, site) => {
    const before = await snapshot()
    for (const session of [true, false]) {
      const context = session ? await loggedIn() : await visitorContext(browser)
      const { results, seen } = await attack(context, `http://${host}:${attackerPort}`)
      // No answer was readable by the page.
      expect(results.filter((line) => line.includes(' READ '))).toEqual([])
      for (const request of seen) {
        // The collector was asked for the name and port the operator uses (the proxy forwards
        // Host unchanged), so its Host allow-list and same-origin checks see what they would.
        expect(request.host, JSON.stringify(request)).toBe(new URL(home).host)
        // What the browser says about where the request came from.
        expect(request.site, JSON.stringify(request)).toBe(site)
      }
      // The JSON fetches stop at their preflight, which the collector does not grant: only the
      // OPTIONS reached it, the POST was never sent, and the page saw the fetch fail.
      const preflights = seen.filter((request) => request.method === 'OPTIONS')
      expect(preflights.map((request) => request.status)).toEqual(ADMIN.map(() => 404))
      expect(preflights.map((request) => request.path)).toEqual(ADMIN.map(([path]) => path))
      const requests = seen.filter((request) => request.method !== 'OPTIONS')
      expect(
        requests.filter((request) => /^application\/json/i.test(request.contentType ?? '')),
      ).toEqual([])
      expect(results.filter((line) => line.startsWith('fetch cors json '))).toEqual(
        ADMIN.map(([path]) => `fetch cors json ${path} blocked`),
      )
      // Everything else reached the collector and was refused by it: per admin endpoint three
      // no-cors fetches and three forms, per read endpoint two fetches and an image, a login
      // and a logout.
      expect(requests.length).toBe(ADMIN.length * 6 + READ.length * 3 + 2)
      for (const request of requests) {
        const refused =
          request.status === 401 ||
          request.status === 403 ||
          // Without a session the dashboard sends a browser to the login page.
          (request.status === 303 && request.path.startsWith('/dashboard'))
        const loginPage = request.method === 'GET' && request.path === '/login'
        expect(refused || loginPage, JSON.stringify(request)).toBe(true)
      }
      // SameSite=Strict keeps the cookie from another site, not from the same site on another
      // port: there, the Origin check is what refuses.
      const withCookie = requests.filter((request) => request.cookie)
      if (session && site === 'same-site') expect(withCookie.length).toBe(requests.length)
      else expect(withCookie).toEqual([])
      // The login form of the attacker's key set no session; the operator's is still there.
      const cookies = await context.cookies(home)
      expect(cookies.map((cookie) => cookie.name)).toEqual(session ? ['lh_session'] : [])
      if (session) {
        const page = await context.newPage()
        await page.goto(`${home}/dashboard`)
        expect(new URL(page.url()).pathname).toBe('/dashboard')
        await page.close()
      }
      await context.close()
    }
    expect(await snapshot()).toEqual(before)
    expect(Number(before?.victim_events)).toBeGreaterThan(0)
  })
})

/** A request to the collector's port with the Host header of `host`. */
function withHost(path: string, host: string, method = 'GET', key = ADMIN_KEY) {
  const { port } = new URL(collector.url)
  return new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: { host, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      },
      (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      },
    )
    request.on('error', reject)
    request.end(method === 'POST' ? '{}' : undefined)
  })
}

describe('a request for another Host (DNS rebinding)', () => {
  it('reaches the ingest endpoints and gets 421 everywhere else, even with a key', async () => {
    const host = `evil.example:${new URL(collector.url).port}`
    expect(await withHost('/healthz', host)).toBe(200)
    expect(await withHost('/lh.js', host)).toBe(200)
    expect(await withHost('/demo', host)).toBe(200)
    for (const path of ['/api/v1/activity', '/openapi.json', '/dashboard', '/login', '/metrics'])
      expect(await withHost(path, host), path).toBe(421)
    for (const [path] of ADMIN) expect(await withHost(path, host, 'POST'), path).toBe(421)
    expect(await withHost('/api/v1/activity', `localhost:${new URL(collector.url).port}`)).toBe(200)
  })
})
