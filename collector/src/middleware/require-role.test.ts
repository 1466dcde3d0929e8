/**
 * The roles, sessions, cross-site and Host checks of the composed app, in-process on a real
 * warehouse: which endpoint answers whom, and what the session cookie is and does.
 */
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { createKey, keysFile, revokeKey } from '../access/keys.js'
import { type CollectorConfig, configFromEnv } from '../config.js'
import { composeTestApp, openTestApp, READ_TOKEN, SECRET_KEY } from '../test-app.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

/** A config like the test app's, with a state directory of its own and `overrides`. */
function testConfig(overrides: Partial<CollectorConfig> = {}): CollectorConfig {
  return {
    ...configFromEnv({}),
    sites: [{ id: 'acme', origins: [] }],
    adminKeys: [SECRET_KEY],
    readKeys: [READ_TOKEN],
    stateDir: temporaryDataDir(),
    ...overrides,
  }
}

/** The app on the file's warehouse, with `overrides` to the test config. */
async function appWith(overrides: Partial<CollectorConfig>) {
  const { warehouse, spool } = await opened
  return composeTestApp(testConfig(overrides), warehouse, spool)
}

/** `session`: the login and logout, open to all but only from the collector's own pages. */
type Role = 'ingest' | 'session' | 'read' | 'sales' | 'admin'

/** Every route of the app and the role it needs: a new route must be added here, with a decision. */
const ROUTES: Record<string, Role> = {
  'GET /healthz': 'ingest',
  'GET /readyz': 'ingest',
  'GET /lh.js': 'ingest',
  'GET /v/0123456789abcdef/lh.js': 'ingest',
  'GET /lh-forms.js': 'ingest',
  'GET /v/fedcba9876543210/lh-forms.js': 'ingest',
  'OPTIONS /e': 'ingest',
  'POST /e': 'ingest',
  'GET /o/x.gif': 'ingest',
  'GET /c/x': 'ingest',
  'GET /demo/x': 'ingest',
  'POST /demo/x': 'ingest',
  'GET /login': 'session',
  'POST /login': 'session',
  'POST /logout': 'session',
  'GET /metrics': 'admin',
  'POST /api/v1/models/run': 'admin',
  'POST /api/v1/crm': 'admin',
  'POST /api/v1/crm/csv': 'admin',
  'POST /api/v1/costs': 'admin',
  'POST /api/v1/costs/csv': 'admin',
  'POST /api/v1/erase': 'admin',
  'POST /api/v1/links': 'admin',
  'GET /api/v1/alerts': 'sales',
  'POST /api/v1/alerts/resend': 'admin',
  'GET /api/v1/activity': 'read',
  'GET /api/v1/meta': 'read',
  'GET /api/v1/overview': 'read',
  'GET /api/v1/timeseries': 'read',
  'GET /api/v1/funnel': 'read',
  'GET /api/v1/channels': 'read',
  'GET /api/v1/attribution/compare': 'read',
  'GET /api/v1/paths': 'read',
  'GET /api/v1/leads': 'read',
  'GET /api/v1/leads/detail': 'read',
  'GET /api/v1/cohorts': 'read',
  'GET /api/v1/me': 'read',
  'GET /api/v1/queue': 'sales',
  'POST /api/v1/leads/decision': 'sales',
  'GET /openapi.json': 'read',
  'GET /dashboard': 'read',
  'GET /dashboard/app.js': 'read',
  'GET /dashboard/assets/x': 'read',
  'GET /dashboard/*': 'read',
  'GET /clickhouse/ping': 'read',
  'GET /clickhouse': 'read',
  'GET /clickhouse/*': 'read',
  'POST /clickhouse': 'read',
  'POST /clickhouse/*': 'read',
}

/** The routes the app has, with parameters filled in. */
function routesOf(app: { routes: { method: string; path: string }[] }): string[] {
  return [
    ...new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map(
          (route) =>
            `${route.method} ${route.path.replace(/:file\{[^}]*\}/, 'x.gif').replace(/:[a-z]+\??/g, 'x')}`,
        ),
    ),
  ]
}

function call(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  route: string,
  headers: Record<string, string> = {},
  base = 'http://localhost',
) {
  const [method = 'GET', path = '/'] = route.split(' ')
  // Not JSON: an admin endpoint that lets the request in refuses the body, and changes nothing.
  const body = method === 'POST' ? 'not json' : undefined
  return app.request(`${base}${path}`, { method, headers, body })
}

const ORIGIN = { origin: 'http://localhost' }

/** Logs in with `key` and returns the session cookie (`name=value`) and the Set-Cookie line. */
async function logIn(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  key: string,
  headers: Record<string, string> = ORIGIN,
) {
  const response = await app.request('http://localhost/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ key }).toString(),
  })
  const setCookie = response.headers.get('set-cookie') ?? ''
  return { response, setCookie, cookie: setCookie.split(';')[0] ?? '' }
}

describe('roles', () => {
  it('knows the role of every route the app has', async () => {
    const { app } = await opened
    expect(routesOf(app).sort()).toEqual(Object.keys(ROUTES).sort())
  })

  it('answers nothing outside the ingest role without a credential', async () => {
    const { app } = await opened
    for (const [route, role] of Object.entries(ROUTES)) {
      const response = await call(app, route)
      if (role === 'ingest') expect([401, 403, 421], route).not.toContain(response.status)
      else if (role === 'session') {
        // Without an Origin to show it came from the login page, a post is refused.
        expect(response.status, route).toBe(route.startsWith('GET') ? 200 : 403)
      } else if (route === 'GET /dashboard' || route.startsWith('GET /dashboard/')) {
        expect([response.status, response.headers.get('location')], route).toEqual([303, '/login'])
      } else {
        expect(response.status, route).toBe(401)
        expect(response.headers.get('www-authenticate'), route).toBe('Bearer')
      }
    }
  })

  it('lets a read key through read endpoints only, and an admin key through all', async () => {
    const { app } = await opened
    for (const [route, role] of Object.entries(ROUTES)) {
      if (role === 'ingest' || role === 'session' || route === 'POST /api/v1/models/run') continue
      if (route.startsWith('POST /clickhouse')) {
        // The body is SQL: the engine reads 'not json' as `SELECT NOT json` and answers with its
        // error (no BI database here), to a read key as to an admin's; the key is let in.
        for (const key of [READ_TOKEN, SECRET_KEY]) {
          const answer = await call(app, route, { authorization: `Bearer ${key}` })
          expect([401, 403], route).not.toContain(answer.status)
          expect(answer.headers.get('x-clickhouse-exception-code'), route).toMatch(/^\d+$/)
        }
        continue
      }
      const asRead = await call(app, route, { authorization: `Bearer ${READ_TOKEN}` })
      const asAdmin = await call(app, route, { authorization: `Bearer ${SECRET_KEY}` })
      if (route === 'GET /api/v1/leads/detail') {
        // Past the role check, the endpoint itself refuses the missing email.
        expect(asRead.status, route).toBe(400)
        expect(await asRead.json(), route).toMatchObject({ error: { field: 'email' } })
      } else if (role === 'read') expect(asRead.status, route).toBe(200)
      else {
        expect(asRead.status, route).toBe(403)
        expect(await asRead.json(), route).toMatchObject({ error: { code: 'forbidden' } })
      }
      expect([401, 403], route).not.toContain(asAdmin.status)
    }
    const wrong = await call(app, 'GET /api/v1/activity', {
      authorization: 'Bearer lh_read_not-a-key-0123456789',
    })
    expect(wrong.status).toBe(403)
    const basic = await call(app, 'GET /api/v1/activity', { authorization: 'Basic YWJjOmRlZg==' })
    expect(basic.status).toBe(401)
  })

  it('lets a sales key through read and sales endpoints, and refuses it the admin ones', async () => {
    const stateDir = temporaryDataDir()
    const { key } = createKey(keysFile(stateDir), 'sales', 'Anna Berger')
    const app = await appWith({ stateDir })
    const asSales = { authorization: `Bearer ${key}` }
    for (const [route, role] of Object.entries(ROUTES)) {
      if (role === 'ingest' || role === 'session') continue
      const response = await call(app, route, asSales)
      if (role === 'admin') {
        expect(response.status, route).toBe(403)
        expect(await response.json(), route).toMatchObject({
          error: { code: 'forbidden', message: expect.stringContaining('this one is a sales key') },
        })
      } else expect([401, 403], route).not.toContain(response.status)
    }
    const me = await call(app, 'GET /api/v1/me', asSales)
    expect(await me.json()).toEqual({ role: 'sales', name: 'Anna Berger' })
  })

  it('never reads a key from a cookie', async () => {
    const { app } = await opened
    for (const cookie of [`lh_session=${SECRET_KEY}`, `authorization=Bearer ${SECRET_KEY}`]) {
      expect((await call(app, 'GET /api/v1/activity', { cookie })).status).toBe(401)
      expect((await call(app, 'POST /api/v1/erase', { cookie, ...ORIGIN })).status).toBe(401)
    }
  })

  it('serves /metrics without a key only when metrics.public is set', async () => {
    const open = await appWith({ metricsPublic: true })
    expect((await call(open, 'GET /metrics')).status).toBe(200)
    expect((await call(open, 'GET /api/v1/activity')).status).toBe(401)
  })

  it('takes the keys of before roles, LEADHOUSE_SECRET_KEYS and LEADHOUSE_READ_TOKENS', async () => {
    const legacy = configFromEnv({
      LEADHOUSE_SECRET_KEYS: 'sk_legacy_0123456789abc',
      LEADHOUSE_READ_TOKENS: 'rt_legacy_0123456789abc',
    })
    const app = await appWith({ adminKeys: legacy.adminKeys, readKeys: legacy.readKeys })
    const admin = { authorization: 'Bearer sk_legacy_0123456789abc' }
    const read = { authorization: 'Bearer rt_legacy_0123456789abc' }
    expect((await call(app, 'GET /metrics', admin)).status).toBe(200)
    expect((await call(app, 'GET /api/v1/activity', read)).status).toBe(200)
    expect((await call(app, 'GET /metrics', read)).status).toBe(403)
    // The test app's own keys are not this app's.
    expect(
      (await call(app, 'GET /metrics', { authorization: `Bearer ${SECRET_KEY}` })).status,
    ).toBe(403)
  })
})

describe('the Host allow-list', () => {
  it('answers every Host on ingest endpoints and 421 on the others to a Host not allowed', async () => {
    const { app } = await opened
    for (const [route, role] of Object.entries(ROUTES)) {
      const response = await call(
        app,
        route,
        { authorization: `Bearer ${SECRET_KEY}` },
        'http://evil.example:8787',
      )
      if (role === 'ingest') {
        expect(response.status, route).not.toBe(421)
      } else {
        expect(response.status, route).toBe(421)
        expect(await response.json(), route).toMatchObject({
          error: { code: 'misdirected_request', field: 'host' },
        })
      }
    }
  })

  it('answers the loopback names, the public URL host and the allowed hosts', async () => {
    const app = await appWith({
      publicUrl: 'https://lh.acme.test',
      allowedHosts: ['intranet.acme', '10.0.0.5:8787'],
    })
    const read = { authorization: `Bearer ${READ_TOKEN}` }
    const statusAt = async (base: string) =>
      (await call(app, 'GET /api/v1/activity', read, base)).status
    for (const base of [
      'http://localhost:1234',
      'http://127.0.0.1:8787',
      'http://[::1]:8787',
      'https://lh.acme.test',
      'http://intranet.acme:9000',
      'http://10.0.0.5:8787',
    ])
      expect(await statusAt(base), base).toBe(200)
    for (const base of [
      'http://10.0.0.5:9999',
      'http://lh.acme.test.evil.example',
      'http://0.0.0.0:8787',
    ])
      expect(await statusAt(base), base).toBe(421)
  })
})

describe('security headers', () => {
  it('sets a CSP without inline script, no framing and nosniff on pages and API answers', async () => {
    const { app } = await opened
    for (const route of ['GET /login', 'GET /demo/x', 'GET /api/v1/activity', 'GET /healthz']) {
      const response = await call(app, route, { authorization: `Bearer ${READ_TOKEN}` })
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp, route).toContain("script-src 'self'")
      expect(csp, route).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(csp, route).toContain("frame-ancestors 'none'")
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), route).toBeTruthy()
    }
    // Error answers too.
    const refused = await call(app, 'GET /api/v1/activity')
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    // Other sites' pages load the script: it is not limited to this origin.
    const script = await call(app, 'GET /lh.js')
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    const api = await call(app, 'GET /api/v1/activity', { authorization: `Bearer ${READ_TOKEN}` })
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-origin')
  })

  it('serves pages whose scripts are files, never inline', async () => {
    const { app } = await opened
    const login = await (await call(app, 'GET /login')).text()
    expect(login).not.toMatch(/<script/i)
    const demo = await (await call(app, 'GET /demo/x')).text()
    for (const tag of demo.match(/<script[^>]*>/gi) ?? []) expect(tag).toMatch(/src=/)
  })
})

describe('sessions', () => {
  it('logs in with a form and sets an HttpOnly, SameSite=Strict cookie for the session', async () => {
    const { app } = await opened
    const { response, setCookie, cookie } = await logIn(app, READ_TOKEN)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/dashboard')
    expect(setCookie).toMatch(
      /^lh_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    )
    expect(setCookie).not.toContain(READ_TOKEN)
    const page = await call(app, 'GET /dashboard', { cookie, 'sec-fetch-site': 'same-origin' })
    expect(page.status).toBe(200)
    const read = await call(app, 'GET /api/v1/activity', {
      cookie,
      'sec-fetch-site': 'same-origin',
    })
    expect(read.status).toBe(200)
    // A read session is no admin.
    const admin = await call(app, 'GET /metrics', { cookie, 'sec-fetch-site': 'same-origin' })
    expect(admin.status).toBe(403)
  })

  it('logs in with JSON, and marks the cookie Secure when the browser came over https', async () => {
    const app = await appWith({ trustProxy: 1 })
    const response = await app.request('http://localhost/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-proto': 'https',
        origin: 'https://localhost',
      },
      body: JSON.stringify({ key: SECRET_KEY }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ role: 'admin' })
    expect(response.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Strict$/)
    const behindHttpsUrl = await appWith({ publicUrl: 'https://lh.acme.test' })
    const viaPublicHost = await logIn(behindHttpsUrl, SECRET_KEY, {
      origin: 'https://lh.acme.test',
    })
    expect(viaPublicHost.setCookie).toMatch(/^lh_session=/)
    expect(viaPublicHost.setCookie).not.toContain('Secure')
    const atHost = await behindHttpsUrl.request('https://lh.acme.test/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://lh.acme.test',
      },
      body: `key=${SECRET_KEY}`,
    })
    expect(atHost.headers.get('set-cookie')).toContain('; Secure')
  })

  it('refuses a state change with the cookie unless it comes from the collector own pages', async () => {
    const { app } = await opened
    const { cookie } = await logIn(app, SECRET_KEY)
    const erase = (headers: Record<string, string>) =>
      app.request('http://localhost/api/v1/erase', {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/plain', ...headers },
        body: '{"email":"nobody@example.com"}',
      })
    const crossSite: Record<string, string>[] = [
      {},
      { origin: 'http://localhost:5173' },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    ]
    for (const headers of crossSite) {
      const response = await erase(headers)
      expect(response.status, JSON.stringify(headers)).toBe(403)
      expect(await response.json()).toMatchObject({ error: { code: 'cross_site' } })
    }
    // From its own page: let through (and refused for its content type, not for its origin).
    expect((await erase({ 'sec-fetch-site': 'same-origin' })).status).not.toBe(403)
    expect((await erase(ORIGIN)).status).not.toBe(403)
    // A read with the cookie from another page (a fetch, an image) is refused too, a link is not.
    const read = (headers: Record<string, string>) =>
      call(app, 'GET /api/v1/activity', { cookie, ...headers })
    expect((await read({ 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' })).status).toBe(
      403,
    )
    expect(
      (await read({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' })).status,
    ).toBe(403)
    expect(
      (await read({ 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' })).status,
    ).toBe(200)
  })

  it('refuses a login from another page (login CSRF) and a logout from one', async () => {
    const { app } = await opened
    const crossSite: Record<string, string>[] = [
      { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      {},
    ]
    for (const headers of crossSite) {
      const { response, setCookie } = await logIn(app, READ_TOKEN, headers)
      expect(response.status, JSON.stringify(headers)).toBe(403)
      expect(setCookie).toBe('')
    }
    const logout = await app.request('http://localhost/logout', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    })
    expect(logout.status).toBe(403)
  })

  it('logs out by clearing the cookie', async () => {
    const { app } = await opened
    const response = await app.request('http://localhost/logout', {
      method: 'POST',
      headers: ORIGIN,
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login')
    expect(response.headers.get('set-cookie')).toMatch(/^lh_session=; Max-Age=0; Path=\/; HttpOnly/)
  })

  it('ends a session when its lifetime is over', async () => {
    const app = await appWith({ sessionTtlMs: 1500 })
    const { cookie, setCookie } = await logIn(app, READ_TOKEN)
    expect(setCookie).toContain('Max-Age=1;')
    const headers = { cookie, 'sec-fetch-site': 'same-origin' }
    expect((await call(app, 'GET /api/v1/activity', headers)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1600))
    expect((await call(app, 'GET /api/v1/activity', headers)).status).toBe(401)
    expect((await call(app, 'GET /dashboard', headers)).status).toBe(303)
  })

  it('refuses a forged or altered cookie', async () => {
    const { app } = await opened
    const { cookie } = await logIn(app, READ_TOKEN)
    const [name, value = ''] = cookie.split('=')
    const [id, expires, mac = ''] = value.split('.')
    const later = (Number.parseInt(expires ?? '0', 36) + 86_400_000).toString(36)
    for (const forged of [
      `${id}.${later}.${mac}`,
      `${id}.${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `c_000000000000.${expires}.${mac}`,
    ]) {
      const response = await call(app, 'GET /api/v1/activity', { cookie: `${name}=${forged}` })
      expect(response.status).toBe(401)
    }
  })

  it('limits failed logins per client address, answering 429 with Retry-After', async () => {
    const app = await appWith({})
    const attempt = (key: string) => logIn(app, key)
    for (let n = 0; n < 10; n++) expect((await attempt(`wrong-key-${n}`)).response.status).toBe(401)
    const limited = await attempt('wrong-key-again')
    expect(limited.response.status).toBe(429)
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0)
    // Even the right key waits: the limit would be no limit otherwise.
    const right = await attempt(READ_TOKEN)
    expect(right.response.status).toBe(429)
    expect(right.setCookie).toBe('')
    const json = await app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ORIGIN },
      body: JSON.stringify({ key: 'wrong' }),
    })
    expect(json.status).toBe(429)
    expect(await json.json()).toMatchObject({ error: { code: 'too_many_logins' } })
  })

  it('ends the sessions and refuses the key once it is revoked, without a restart', async () => {
    const config = testConfig()
    const { warehouse, spool } = await opened
    const app = composeTestApp(config, warehouse, spool)
    const file = keysFile(config.stateDir)
    const { key, record } = createKey(file, 'read', 'laptop')
    // The file is looked at again at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const { cookie } = await logIn(app, key)
    const headers = { cookie, 'sec-fetch-site': 'same-origin' }
    expect((await call(app, 'GET /api/v1/activity', headers)).status).toBe(200)
    const bearer = { authorization: `Bearer ${key}` }
    expect((await call(app, 'GET /api/v1/activity', bearer)).status).toBe(200)
    revokeKey(file, record.id)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await call(app, 'GET /api/v1/activity', bearer)).status).toBe(403)
    expect((await call(app, 'GET /api/v1/activity', headers)).status).toBe(401)
  })
})
