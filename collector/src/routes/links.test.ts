import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { configFromEnv } from '../config.js'
import { handleError } from '../errors.js'
import { RateLimiter } from '../lib/rate-limit.js'
import { signLink } from '../lib/signed-links.js'
import { createMetrics } from '../metrics.js'
import { Spool } from '../spool/spool.js'
import { spooledEventStore, warehouseInserter } from '../storage/event-store.js'
import {
  AS_ADMIN,
  composeTestApp,
  faultSwitch,
  openTestApp,
  SECRET_KEY,
  testAuthorize,
  withFaults,
} from '../test-app.js'
import { linkRoutes } from './links.js'

const LINK_SECRET = 'link-secret-0123456789-0123456789-abcdef'
const opened = openTestApp({ linkSecret: LINK_SECRET, publicUrl: 'https://lh.acme.test' })
afterAll(async () => (await opened).close())

async function recorded(name: string) {
  const { warehouse, spool } = await opened
  await spool.drain()
  return rows<{ email: string; props: string; utm_medium: string; utm_campaign: string }>(
    warehouse,
    'SELECT email, props, utm_medium, utm_campaign FROM leadhouse.events WHERE name = {name:String}',
    { name },
  )
}

describe('email links', () => {
  it('makes open and click links for an email tool, with the secret key', async () => {
    const { app } = await opened
    const body = JSON.stringify({
      site: 'acme',
      email: 'ada@example.com',
      campaign: 'q4',
      message: 'm1',
      url: 'https://acme.test/demo',
    })
    const response = await app.request('/api/v1/links', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
    })
    const links = (await response.json()) as { open: string; click: string }
    expect(links.open).toMatch(/^https:\/\/lh\.acme\.test\/o\/[\w-]+\.[\w-]+\.gif$/)
    expect(links.click).toMatch(/^https:\/\/lh\.acme\.test\/c\/[\w-]+\.[\w-]+$/)
    expect((await app.request('/api/v1/links', { method: 'POST', body })).status).toBe(401)
  })

  it('refuses a links request over 64 KB or not JSON, naming the problem', async () => {
    const { app } = await opened
    const post = (body: string) =>
      app.request('/api/v1/links', {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      })
    const url = `https://acme.test/?q=${'x'.repeat(70_000)}`
    const tooLarge = await post(JSON.stringify({ site: 'acme', email: 'ada@example.com', url }))
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'body_too_large' } })
    const broken = await post('{"site": "acme",')
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_json' } })
  })

  it('serves the pixel and records the open as an event of the lead', async () => {
    const { app } = await opened
    const token = signLink({ s: 'acme', e: 'Ada@Example.com', c: 'q4', m: 'm1' }, LINK_SECRET)
    const response = await app.request(`/o/${token}.gif`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/gif')
    expect(response.headers.get('cache-control')).toBe('no-store, private')
    expect(await recorded('email_open')).toEqual([
      {
        email: 'ada@example.com',
        props: '{"campaign":"q4","message":"m1"}',
        utm_medium: 'email',
        utm_campaign: 'q4',
      },
    ])
  })

  it('redirects a click to its signed target only, recording it', async () => {
    const { app } = await opened
    const token = signLink(
      { s: 'acme', e: 'ada@example.com', c: 'q4', m: 'm2', u: 'https://acme.test/demo' },
      LINK_SECRET,
    )
    const response = await app.request(`/c/${token}`)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('https://acme.test/demo')
    expect((await recorded('email_click')).map((row) => JSON.parse(row.props).url)).toEqual([
      'https://acme.test/demo',
    ])
    // A forged token gets no redirect: no open redirect for phishing.
    const forged = signLink(
      { s: 'acme', e: 'x@example.com', c: '', m: '', u: 'https://evil.test' },
      'another-secret-0123456789-0123456789-abc',
    )
    expect((await app.request(`/c/${forged}`)).status).toBe(404)
    const forgedOpen = await app.request(`/o/${forged}.gif`)
    expect(forgedOpen.status).toBe(200)
    expect(await recorded('email_open')).toHaveLength(1)
  })
})

describe('email links while the spool is over its disk budget', () => {
  it('answers the pixel 503 with Retry-After, still redirects a click, and loses no open it served', async () => {
    const { warehouse } = await opened
    // The real warehouse insert, refusing until the test lets it through.
    const faults = faultSwitch(true)
    const spool = await Spool.open({
      dir: temporaryDataDir(),
      insert: withFaults(warehouseInserter(warehouse), faults),
      maxBytes: 1500,
      flushIntervalMs: 60_000,
    })
    const metrics = createMetrics(() => spool)
    const app = new Hono()
      .route(
        '/',
        linkRoutes({
          store: spooledEventStore(spool),
          siteIds: new Set(['acme']),
          secret: LINK_SECRET,
          publicUrl: () => 'https://lh.acme.test',
          authorize: testAuthorize('admin'),
          perAddress: new RateLimiter(1e9, 1e9),
          trustProxy: 0,
          metrics,
        }),
      )
      .onError(handleError)
    const link = { s: 'acme', e: 'full@example.com', c: 'spool-full', m: '' }
    try {
      // Opens fill the spool, which cannot hand anything to the warehouse, until it refuses.
      let served = 0
      let refused: Response | undefined
      for (let n = 0; n < 50 && !refused; n++) {
        const response = await app.request(
          `/o/${signLink({ ...link, m: `m${n}` }, LINK_SECRET)}.gif`,
        )
        if (response.status === 503) refused = response
        else {
          expect(response.status).toBe(200)
          served += 1
        }
      }
      expect(served).toBeGreaterThan(0)
      if (!refused) throw new Error('the spool never refused')
      expect(refused.headers.get('retry-after')).toBe('30')
      expect(refused.headers.get('cache-control')).toBe('no-store, private')
      expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } })

      // The person who clicks still gets where the email promised, unrecorded.
      const click = await app.request(
        `/c/${signLink({ ...link, m: 'click', u: 'https://acme.test/offer' }, LINK_SECRET)}`,
      )
      expect(click.status).toBe(302)
      expect(click.headers.get('location')).toBe('https://acme.test/offer')
      // The refused open and the unrecorded click are counted as lost.
      expect(await metrics.registry.metrics()).toMatch(
        /leadhouse_events_rejected_total\{code="spool_full"\} 2\n/,
      )

      // Back: every open that got its pixel arrives; the click that could not be kept does not.
      faults.failing = false
      expect(await spool.drain()).toBe(true)
      expect(
        await rows(
          warehouse,
          "SELECT name, count() AS n FROM leadhouse.events WHERE utm_campaign = 'spool-full' GROUP BY name",
        ),
      ).toEqual([{ name: 'email_open', n: String(served) }])
    } finally {
      faults.failing = false
      await spool.close()
    }
  })

  it('records opens and clicks per client address up to its rate, still serving the pixel and the target', async () => {
    const { warehouse, spool } = await opened
    const config = {
      ...configFromEnv({}),
      sites: [{ id: 'acme', origins: [] }],
      adminKeys: [SECRET_KEY],
      linkSecret: LINK_SECRET,
      publicUrl: 'https://lh.acme.test',
      rateLimits: {
        perAddress: { perSecond: 0.01, burst: 2 },
        perSite: { perSecond: 1e9, burst: 1e9 },
      },
    }
    const app = composeTestApp({ ...config, trustProxy: 1 }, warehouse, spool)
    const link = { s: 'acme', e: 'busy@example.com', c: 'rate', m: '' }
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } })
    const open = (n: number, address: string) =>
      app.request(`/o/${signLink({ ...link, m: `m${n}` }, LINK_SECRET)}.gif`, from(address))
    const statuses = []
    for (let n = 0; n < 4; n++) statuses.push((await open(n, '203.0.113.7')).status)
    // Mail clients never retry a refused image: the pixel is served, the open not recorded.
    expect(statuses).toEqual([200, 200, 200, 200])
    const click = await app.request(
      `/c/${signLink({ ...link, m: 'click', u: 'https://acme.test/offer' }, LINK_SECRET)}`,
      from('203.0.113.7'),
    )
    expect(click.status).toBe(302)
    expect(click.headers.get('location')).toBe('https://acme.test/offer')
    // Another address has a rate of its own.
    expect((await open(9, '198.51.100.4')).status).toBe(200)
    await spool.drain()
    expect(
      await rows(
        warehouse,
        "SELECT name, count() AS n FROM leadhouse.events WHERE utm_campaign = 'rate' GROUP BY name",
      ),
    ).toEqual([{ name: 'email_open', n: '3' }])
    const metrics = await (await app.request('/metrics', { headers: AS_ADMIN })).text()
    expect(metrics).toMatch(/leadhouse_events_rejected_total\{code="rate_limited"\} 3/)
  })
})
