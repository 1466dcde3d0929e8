import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { configFromEnv, type SiteConfig } from '../config.js'
import { MAX_JSON_DEPTH } from '../lib/json-body.js'
import { Spool } from '../spool/spool.js'
import { warehouseInserter } from '../storage/event-store.js'
import {
  AS_ADMIN,
  composeTestApp,
  faultSwitch,
  openTestApp,
  READ_TOKEN,
  SECRET_KEY,
  withFaults,
} from '../test-app.js'
import { MAX_BODY_BYTES } from './events.js'
import { readResponses } from './read/responses.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

const EVENT_ID = '6f1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f'
function pageview(overrides: Record<string, unknown> = {}) {
  return {
    i: EVENT_ID,
    t: 'pageview',
    ts: Date.now(),
    a: 'visitor-1',
    u: 'https://acme.test/pricing?utm_source=newsletter&utm_medium=email',
    p: '/pricing',
    r: 'https://www.google.com/',
    ...overrides,
  }
}

/** What `POST /e` answers: a receipt, or an error. */
interface Answer {
  accepted?: number
  rejected?: unknown[]
  error?: { code: string; message: string; field?: string }
}

const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

async function post(body: string, contentType = 'text/plain;charset=UTF-8', userAgent = CHROME) {
  const { app } = await opened
  const response = await app.request('/e', {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, 'user-agent': userAgent },
  })
  return { status: response.status, json: (await response.json()) as Answer }
}

/** The collector's app on this file's warehouse, with sites and a spool of the test's own. */
async function appWith(sites: SiteConfig[], spool: Spool) {
  const config = { ...configFromEnv({}), sites, adminKeys: [SECRET_KEY], readKeys: [READ_TOKEN] }
  return composeTestApp(config, (await opened).warehouse, spool)
}

/** The real warehouse insert, failing until the test lets it through. */
async function faultyInserter() {
  const faults = faultSwitch(true)
  return { insert: withFaults(warehouseInserter((await opened).warehouse), faults), faults }
}

/** What reached the warehouse, once the spool has flushed. */
async function stored() {
  const { warehouse, spool } = await opened
  await spool.drain()
  return {
    events: await rows(
      warehouse,
      'SELECT event_id, path, referrer, utm_source, utm_medium FROM leadhouse.events',
    ),
    rejected: await rows<Record<string, string>>(
      warehouse,
      'SELECT code, field, reason, payload, payload_bytes FROM leadhouse.rejected_events',
    ),
  }
}

describe('POST /e', () => {
  beforeEach(async () => {
    const { warehouse } = await opened
    await warehouse.client.command({ query: 'TRUNCATE TABLE leadhouse.events' })
    await warehouse.client.command({ query: 'TRUNCATE TABLE leadhouse.rejected_events' })
  })

  it.each(['text/plain;charset=UTF-8', 'application/json'])(
    'stores a valid %s batch and answers 202',
    async (type) => {
      const response = await post(JSON.stringify({ s: 'acme', e: [pageview()] }), type)
      expect(response).toEqual({ status: 202, json: { accepted: 1, rejected: [] } })
      expect((await stored()).events).toEqual([
        {
          event_id: EVENT_ID,
          path: '/pricing',
          referrer: 'https://www.google.com/',
          utm_source: 'newsletter',
          utm_medium: 'email',
        },
      ])
    },
  )

  it.each([
    ['malformed JSON', '{"s": "acme", "e": [', 'invalid_json', undefined],
    ['a batch that is not an object', '[1, 2]', 'invalid_batch', undefined],
    ['a batch without events', JSON.stringify({ s: 'acme', e: [] }), 'invalid_batch', 'e'],
    ['an unknown site', JSON.stringify({ s: 'other', e: [pageview()] }), 'unknown_site', 's'],
    [
      // 9 KB nested 4,500 deep: JSON.stringify of the refused event ran out of stack (a 500).
      'an event nested 4,500 levels deep',
      `{"s":"acme","e":[{"pp":${'['.repeat(4500)}${']'.repeat(4500)}}]}`,
      'too_deep',
      `e[0].pp${'[0]'.repeat(MAX_JSON_DEPTH - 3)}`,
    ],
    [
      'a custom event of 51 properties',
      JSON.stringify({
        s: 'acme',
        e: [
          pageview({
            t: 'event',
            n: 'signup',
            pp: Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`p${index}`, 1])),
          }),
        ],
      }),
      'invalid_event',
      'e[0].pp',
    ],
    [
      'a __proto__ key',
      `{"s":"acme","e":[${JSON.stringify(pageview()).replace(/}$/, ',"pp":{"__proto__":{"n":1}}}')}]}`,
      'invalid_key',
      'e[0].pp.__proto__',
    ],
    [
      'a timestamp of the wrong type',
      JSON.stringify({ s: 'acme', e: [pageview({ ts: 'now' })] }),
      'invalid_event',
      'e[0].ts',
    ],
    [
      'an event id that is no UUID',
      JSON.stringify({ s: 'acme', e: [pageview({ i: '42' })] }),
      'invalid_event',
      'e[0].i',
    ],
    [
      'a URL that is not http',
      JSON.stringify({ s: 'acme', e: [pageview({ u: 'javascript:alert(1)' })] }),
      'invalid_event',
      'e[0].u',
    ],
    [
      'an unknown event type',
      JSON.stringify({ s: 'acme', e: [pageview({ t: 'purchase' })] }),
      'invalid_event',
      'e[0].t',
    ],
  ])(
    'answers 400 to %s, naming the problem, and keeps the payload',
    async (_, body, code, field) => {
      const response = await post(body)
      expect(response.status).toBe(400)
      expect(response.json.error?.code).toBe(code)
      expect(response.json.error?.field).toBe(field)
      expect(response.json.error?.message).toMatch(
        field ? new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `) : /./,
      )
      const { events, rejected } = await stored()
      expect(events).toEqual([])
      expect(rejected).toHaveLength(1)
      expect(rejected[0]).toMatchObject({
        code,
        field: field ?? '',
        reason: response.json.error?.message,
      })
      expect(body).toContain(rejected[0]?.payload)
    },
  )

  it('takes a batch after a byte order mark', async () => {
    const response = await post(`\ufeff${JSON.stringify({ s: 'acme', e: [pageview()] })}`)
    expect(response).toEqual({ status: 202, json: { accepted: 1, rejected: [] } })
    expect((await stored()).events).toMatchObject([{ event_id: EVENT_ID }])
  })

  it('answers 413 to an oversized body and keeps its first 4 KB', async () => {
    const body = JSON.stringify({
      s: 'acme',
      e: [pageview({ p: `/${'x'.repeat(MAX_BODY_BYTES)}` })],
    })
    const response = await post(body)
    expect(response.status).toBe(413)
    expect(response.json.error).toEqual({
      code: 'body_too_large',
      message: `body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES}`,
    })
    const { events, rejected } = await stored()
    expect(events).toEqual([])
    expect(rejected[0]?.payload).toBe(body.slice(0, 4096))
    expect(rejected[0]?.payload_bytes).toBe(String(body.length))
  })

  it('stores the browser, OS and device, and flags bots instead of dropping them', async () => {
    const { warehouse, spool } = await opened
    await post(JSON.stringify({ s: 'acme', e: [pageview()] }))
    await post(
      JSON.stringify({ s: 'acme', e: [pageview({ i: '7a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f' })] }),
      'text/plain',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    )
    await spool.drain()
    expect(
      await rows(
        warehouse,
        'SELECT browser, browser_version, os, device, is_bot FROM leadhouse.events ORDER BY is_bot',
      ),
    ).toEqual([
      { browser: 'Chrome', browser_version: '131', os: 'Mac OS', device: 'desktop', is_bot: false },
      { browser: '', browser_version: '', os: '', device: '', is_bot: true },
    ])
  })

  it('refuses an event over 32 KB on its own, keeping its first 4 KB', async () => {
    const big = pageview({ i: '9a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', ti: 'x'.repeat(40_000) })
    const response = await post(JSON.stringify({ s: 'acme', e: [pageview(), big] }))
    expect(response.status).toBe(202)
    expect(response.json.rejected).toEqual([
      expect.objectContaining({ index: 1, code: 'event_too_large', field: 'e[1]' }),
    ])
    const { rejected } = await stored()
    expect(rejected[0]?.payload).toHaveLength(4096)
  })

  it('stores outbound-link and download clicks as custom events, and drops other links unrefused', async () => {
    const link = (i: string, h: string) => ({ ...pageview({ i, t: 'link', h }), r: undefined })
    const response = await post(
      JSON.stringify({
        s: 'acme',
        e: [
          link('1a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', 'https://partner.test/offer'),
          link('2a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', 'https://acme.test/files/guide.pdf'),
          link('3a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', 'https://acme.test/about.html'),
          link('4a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f', 'mailto:sales@acme.test'),
        ],
      }),
    )
    expect(response).toEqual({ status: 202, json: { accepted: 2, rejected: [] } })
    const { warehouse } = await opened
    expect((await stored()).rejected).toEqual([])
    expect(
      await rows(
        warehouse,
        'SELECT type, name, props FROM leadhouse.events ORDER BY toString(event_id)',
      ),
    ).toEqual([
      { type: 'event', name: 'outbound', props: '{"url":"https://partner.test/offer"}' },
      { type: 'event', name: 'download', props: '{"url":"https://acme.test/files/guide.pdf"}' },
    ])
    const metrics = await (
      await (await opened).app.request('/metrics', { headers: AS_ADMIN })
    ).text()
    expect(metrics).toMatch(/^leadhouse_link_clicks_ignored_total\{site="acme"\} 2$/m)
  })

  it('keeps the good events of a batch, rejects the bad ones and names them', async () => {
    const good = pageview()
    const bad = pageview({ i: 'not-a-uuid' })
    const response = await post(JSON.stringify({ s: 'acme', e: [good, bad] }))
    expect(response.status).toBe(202)
    expect(response.json).toEqual({
      accepted: 1,
      rejected: [
        { index: 1, code: 'invalid_event', field: 'e[1].i', message: 'e[1].i: must be a UUID' },
      ],
    })
    const { events, rejected } = await stored()
    expect(events).toHaveLength(1)
    expect(rejected).toEqual([
      expect.objectContaining({
        code: 'invalid_event',
        field: 'e[1].i',
        payload: JSON.stringify(bad),
      }),
    ])
  })
})

describe('origins and keys', () => {
  const send = async (site: string, origin: string) => {
    const { app } = await opened
    return app.request('/e', {
      method: 'POST',
      body: JSON.stringify({ s: site, e: [pageview({ i: crypto.randomUUID() })] }),
      headers: { 'content-type': 'text/plain', origin },
    })
  }

  it("grants CORS to a page of the site's own origins", async () => {
    const response = await send('shop', 'https://shop.test')
    expect(response.status).toBe(202)
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    expect(response.headers.get('vary')).toBe('Origin')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] })
  })

  it('grants CORS to an error answered before the batch names its site, so the SDK can read it', async () => {
    const { app } = await opened
    const response = await app.request('/e', {
      method: 'POST',
      body: '{"s":',
      headers: { 'content-type': 'text/plain', origin: 'https://shop.test' },
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    expect(response.headers.get('vary')).toBe('Origin')
    expect(((await response.json()) as Answer).error).toMatchObject({ code: 'invalid_json' })
  })

  it('refuses a foreign origin with 403, grants it nothing, and keeps the payload', async () => {
    const response = await send('shop', 'https://evil.test')
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(((await response.json()) as Answer).error).toMatchObject({
      code: 'origin_not_allowed',
      field: 's',
    })
    const { rejected } = await stored()
    expect(rejected.some((row) => row.code === 'origin_not_allowed')).toBe(true)
  })

  it('takes any origin for a site without origins, and answers preflights by origin', async () => {
    expect((await send('acme', 'https://anywhere.test')).status).toBe(202)
    const { app } = await opened
    const preflight = (origin: string) =>
      app.request('/e', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
    expect((await preflight('https://shop.test')).headers.get('access-control-allow-methods')).toBe(
      'POST',
    )
  })

  it('answers a preflight from a foreign origin without any CORS grant', async () => {
    // The test app's `acme` takes any origin; here every site names its origins.
    const spool = await Spool.open({
      dir: temporaryDataDir(),
      insert: warehouseInserter((await opened).warehouse),
    })
    try {
      const app = await appWith([{ id: 'shop', origins: ['https://shop.test'] }], spool)
      const preflight = (origin: string) =>
        app.request('/e', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        })
      const foreign = await preflight('https://evil.test')
      expect(foreign.status).toBe(204)
      expect(foreign.headers.get('vary')).toBe('Origin')
      for (const header of [
        'access-control-allow-origin',
        'access-control-allow-methods',
        'access-control-allow-headers',
        'access-control-allow-credentials',
      ])
        expect(foreign.headers.get(header)).toBeNull()
      // The same app does grant the site's own origin: the refusal above is by origin.
      const own = await preflight('https://shop.test')
      expect(own.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    } finally {
      await spool.close()
    }
  })

  it.each([
    ['no key', {}, 401],
    ['a wrong key', { authorization: 'Bearer sk_wrong_0123456789abcdef' }, 403],
    ['the read token', { authorization: `Bearer ${READ_TOKEN}` }, 403],
  ])('POST /api/v1/models/run with %s answers %d', async (_, headers, status) => {
    const { app } = await opened
    const response = await app.request('/api/v1/models/run', { method: 'POST', headers })
    expect(response.status).toBe(status)
    expect(((await response.json()) as Answer).error?.code).toBe(
      status === 401 ? 'unauthorized' : 'forbidden',
    )
  })

  it('runs the models with the secret key, and reads the activity log with the read token', async () => {
    const { app } = await opened
    const run = await app.request('/api/v1/models/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}` },
    })
    expect(run.status).toBe(200)
    expect((await app.request('/api/v1/activity')).status).toBe(401)
    const read = await app.request('/api/v1/activity', {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    })
    expect(read.status).toBe(200)
  })
})

describe('other routes', () => {
  it('GET /healthz answers ok', async () => {
    const { app } = await opened
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' })
  })

  it('GET /lh.js is cached for an hour and revalidated by ETag; the pinned path for good', async () => {
    const { app } = await opened
    const first = await app.request('/lh.js')
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(await first.text()).toBe('/* sdk */')
    const etag = first.headers.get('etag') as string
    expect(etag).toBeTruthy()
    expect((await app.request('/lh.js', { headers: { 'if-none-match': etag } })).status).toBe(304)
    const pinned = await app.request('/v/0123456789abcdef/lh.js')
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await app.request('/v/fedcba9876543210/lh.js')).status).toBe(404)
  })

  it('GET /readyz answers ready while the warehouse answers and the spool has room', async () => {
    const { app } = await opened
    const response = await app.request('/readyz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ready' })
  })

  it('GET /metrics counts accepted, rejected and bot events in Prometheus format', async () => {
    const { app } = await opened
    await post(
      JSON.stringify({ s: 'acme', e: [pageview({ i: '8a1c3f7e-8a4b-4c2d-9e1f-0a1b2c3d4e5f' })] }),
    )
    await post('{not json')
    const response = await app.request('/metrics', { headers: AS_ADMIN })
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await response.text()
    expect(text).toMatch(/^leadhouse_events_accepted_total\{site="acme"\} [1-9]\d*$/m)
    expect(text).toMatch(/^leadhouse_events_rejected_total\{code="invalid_json"\} [1-9]\d*$/m)
    expect(text).toMatch(/^leadhouse_spool_segments \d+$/m)
    expect(text).toMatch(/^leadhouse_process_resident_memory_bytes \d+/m)
  })

  it('GET /openapi.json describes the API with the schemas the collector validates with', async () => {
    const { app } = await opened
    const document = (await (await app.request('/openapi.json', { headers: AS_ADMIN })).json()) as {
      openapi: string
      paths: Record<string, unknown>
      components: {
        schemas: {
          Batch: {
            properties: { e: { items: { oneOf: { properties: { t: { const: string } } }[] } } }
          }
        }
      }
    }
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.paths)).toContain('/e')
    const types = document.components.schemas.Batch.properties.e.items.oneOf.map(
      (event) => event.properties.t.const,
    )
    expect(types).toEqual(['pageview', 'identify', 'event', 'link', 'engagement'])
    // Every route of the API is described (the dashboard and demo pages are not API).
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/e',
        '/api/v1/crm',
        '/api/v1/crm/csv',
        '/api/v1/costs',
        '/api/v1/costs/csv',
        '/api/v1/erase',
        '/api/v1/links',
        '/o/{token}.gif',
        '/c/{token}',
        '/v/{version}/lh.js',
        '/lh.js',
        '/healthz',
        '/readyz',
        '/metrics',
        '/api/v1/models/run',
        '/api/v1/alerts',
        '/api/v1/alerts/resend',
        '/api/v1/me',
        '/api/v1/queue',
        '/api/v1/leads/decision',
        '/api/v1/activity',
        '/api/v1/meta',
        '/api/v1/overview',
        '/api/v1/timeseries',
        '/api/v1/funnel',
        '/api/v1/channels',
        '/api/v1/attribution/compare',
        '/api/v1/paths',
        '/api/v1/leads',
        '/api/v1/leads/detail',
        '/api/v1/cohorts',
        '/openapi.json',
      ].sort(),
    )
    const erasure = (document.components.schemas as Record<string, { properties?: object }>).Erasure
    expect(Object.keys(erasure?.properties ?? {})).toEqual(['email', 'anonymous_id'])
    // Every read endpoint's 200 describes its JSON answer by a component of its own.
    for (const [path, { schema }] of Object.entries(readResponses)) {
      const ok = (document.paths[path] as { get: { responses: Record<string, unknown> } }).get
        .responses['200']
      expect(ok, path).toMatchObject({
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      })
    }
    expect(
      (document.paths['/api/v1/leads'] as { get: { responses: Record<string, unknown> } }).get
        .responses['200'],
    ).toMatchObject({ content: { 'text/csv': { schema: { type: 'string' } } } })
    // Every reference, in paths and components alike, points at something in the document.
    const references = referencesIn(document)
    expect(references).toContain('#/components/schemas/LeadActivity')
    for (const reference of references)
      expect(resolve(document, reference), reference).toBeTypeOf('object')
  })

  it('an unknown route answers 404 in the error format', async () => {
    const { app } = await opened
    const response = await app.request('/nope')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /nope' },
    })
  })

  it('GET /api/v1/activity names a bad limit', async () => {
    const { app } = await opened
    const response = await app.request('/api/v1/activity?limit=0', {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_query', field: 'limit' },
    })
  })
})

describe('a spool over its disk budget', () => {
  it('POST /e answers 503 with Retry-After over HTTP, /readyz says why, and nothing acknowledged is lost', async () => {
    const { insert, faults } = await faultyInserter()
    const spool = await Spool.open({
      dir: temporaryDataDir(),
      insert,
      maxBytes: 2000,
      flushIntervalMs: 60_000,
    })
    const app = await appWith([{ id: 'shop', origins: ['https://shop.test'] }], spool)
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    try {
      await new Promise<void>((resolve) => server.once('listening', resolve))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const send = (id: string) =>
        fetch(`${url}/e`, {
          method: 'POST',
          body: JSON.stringify({ s: 'shop', e: [pageview({ i: id })] }),
          headers: {
            'content-type': 'text/plain',
            'user-agent': CHROME,
            origin: 'https://shop.test',
          },
        })

      // The warehouse refuses, so the spool only grows: post until it says it is full.
      const acknowledged: string[] = []
      let refused: Response | undefined
      for (let n = 0; n < 50 && !refused; n++) {
        const id = crypto.randomUUID()
        const response = await send(id)
        if (response.status === 503) refused = response
        else {
          expect(response.status).toBe(202)
          acknowledged.push(id)
          await response.body?.cancel()
        }
      }
      expect(acknowledged.length).toBeGreaterThan(0)
      if (!refused) throw new Error('the spool never refused')
      expect(refused.headers.get('retry-after')).toBe('30')
      // The SDK's page can read the refusal, and retries later.
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://shop.test')
      expect(await refused.json()).toEqual({
        error: {
          code: 'unavailable',
          message: expect.stringMatching(/^the spool holds \d+ bytes, over its budget of 2000$/),
        },
      })

      const notReady = await fetch(`${url}/readyz`)
      expect(notReady.status).toBe(503)
      expect(await notReady.json()).toEqual({
        status: 'unavailable',
        reason: expect.stringMatching(/over its budget of 2000$/),
      })
      expect((await fetch(`${url}/healthz`)).status).toBe(200)

      // The warehouse is back: everything acknowledged arrives once, and events are taken again.
      faults.failing = false
      expect(await spool.drain()).toBe(true)
      const stored = await rows<{ id: string; n: string }>(
        (await opened).warehouse,
        'SELECT toString(event_id) AS id, count() AS n FROM leadhouse.events WHERE event_id IN {ids:Array(UUID)} GROUP BY id ORDER BY id',
        { ids: acknowledged },
      )
      expect(stored).toEqual([...acknowledged].sort().map((id) => ({ id, n: '1' })))
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' })
      const again = await send(crypto.randomUUID())
      expect(again.status).toBe(202)
      await again.body?.cancel()
    } finally {
      faults.failing = false
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await spool.close()
    }
  })
})

describe('POST /e with text the warehouse cannot read as sent', () => {
  // A lone surrogate (half an emoji, as a JSON escape) would reach the spool as the escape
  // "\ud800", which ClickHouse refuses: the segment's insert would fail for good, and every
  // segment after it, of every site, would wait behind it until the spool was full.
  it('an event with a lone surrogate that got a 202 reaches the warehouse, and does not block what follows', async () => {
    const spool = await Spool.open({
      dir: temporaryDataDir(),
      insert: warehouseInserter((await opened).warehouse),
      flushIntervalMs: 60_000,
    })
    try {
      const app = await appWith([{ id: 'acme', origins: [] }], spool)
      const ids = [crypto.randomUUID(), crypto.randomUUID()]
      for (const [index, title] of ['broken \ud800 emoji', 'fine'].entries()) {
        const response = await app.request('/e', {
          method: 'POST',
          body: JSON.stringify({ s: 'acme', e: [pageview({ i: ids[index], ti: title })] }),
          headers: { 'content-type': 'text/plain', 'user-agent': CHROME },
        })
        expect(response.status).toBe(202)
      }
      expect(await spool.drain()).toBe(true)
      const [found] = await rows<{ n: string }>(
        (await opened).warehouse,
        'SELECT count() AS n FROM leadhouse.events WHERE event_id IN {ids:Array(UUID)}',
        { ids },
      )
      expect(found?.n).toBe('2')
      const [title] = await rows<{ title: string }>(
        (await opened).warehouse,
        'SELECT title FROM leadhouse.events WHERE event_id = {id:UUID}',
        { id: ids[0] },
      )
      expect(title?.title).toBe('broken \ufffd emoji')
    } finally {
      await spool.close()
    }
  })
})

/** Every `$ref` in a JSON value. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn)
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : referencesIn(inner),
  )
}

/** What a local reference (`#/a/b`, a JSON pointer) points at in the document; undefined if none. */
function resolve(document: object, reference: string): unknown {
  if (!reference.startsWith('#/')) return undefined
  return reference
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (at, part) =>
        typeof at === 'object' && at !== null && Object.hasOwn(at, part)
          ? (at as Record<string, unknown>)[part]
          : undefined,
      document,
    )
}
