import { randomUUID } from 'node:crypto'
import { type PartialEventRow, toDateTime64 } from '@leadhouse/warehouse/raw'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { ApiError, spooled } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { MAX_API_BODY_BYTES, readJsonRequest } from '../http/read-body.js'
import { firstProblem } from '../lib/problems.js'
import type { RateLimiter } from '../lib/rate-limit.js'
import { type LinkPayload, linkPayloadSchema, signLink, verifyLink } from '../lib/signed-links.js'
import type { Metrics } from '../metrics.js'
import { SpoolFullError } from '../spool/spool.js'
import type { EventStore } from '../storage/event-store.js'

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

export interface LinkRoutesOptions {
  store: EventStore
  siteIds: ReadonlySet<string>
  /** Signs and verifies link tokens; undefined: email links are not configured. */
  secret: string | undefined
  /** Base URL the links point to, e.g. https://leadhouse.example.com. */
  publicUrl: () => string
  authorize: MiddlewareHandler
  /**
   * Opens and clicks per client address: the links need no key, and each one recorded is a row
   * through the spool, so a flood from one address must not fill it for everyone.
   */
  perAddress: RateLimiter
  trustProxy: number
  metrics: Metrics
}

export const linkRequestSchema = z.strictObject({
  site: z.string().min(1).max(64),
  email: z.email('must be an email address'),
  campaign: z.string().max(500).optional(),
  message: z.string().max(200).optional(),
  url: z.string().max(8192).optional(),
})

/**
 * Email tracking: `GET /o/<token>.gif` (an open) and `GET /c/<token>` (a click, redirected to
 * its signed target), both recorded as events of the lead; `POST /api/v1/links` (secret key)
 * makes the tokens for an email tool. A bad or forged token records nothing: the pixel is still
 * served (mail clients show broken images otherwise), a click gets a 404. When the spool is over
 * its budget the pixel is a 503 with Retry-After, like `POST /e`, and a click is still redirected,
 * unrecorded; over an address's rate, both are served as usual, unrecorded.
 */
export function linkRoutes({
  store,
  siteIds,
  secret,
  publicUrl,
  authorize,
  perAddress,
  trustProxy,
  metrics,
}: LinkRoutesOptions): Hono {
  /** Seconds the client must wait, counted as refused; 0 when it may go on. */
  const throttled = (c: Context) => {
    const wait = perAddress.take(clientAddress(c, trustProxy))
    if (wait) metrics.rejected.inc({ code: 'rate_limited' })
    return wait
  }
  const verified = (token: string) => {
    const payload = secret ? verifyLink(token, secret) : undefined
    return payload && siteIds.has(payload.s) ? payload : undefined
  }
  const record = (payload: LinkPayload, name: 'email_open' | 'email_click', url: string) => {
    const now = Date.now()
    const props = {
      campaign: payload.c,
      message: payload.m,
      ...(payload.u ? { url: payload.u } : {}),
    }
    const row: PartialEventRow = {
      event_id: randomUUID(),
      site_id: payload.s,
      type: 'event',
      ts: toDateTime64(now),
      client_ts: toDateTime64(now),
      received_at: toDateTime64(now),
      url,
      email: payload.e.trim().toLowerCase(),
      name,
      props: JSON.stringify(props),
      utm_campaign: payload.c,
      utm_medium: 'email',
    }
    return store.insertEvents([row]).catch((error: unknown) => {
      // An open or click that finds the spool full is lost (mail clients retry no image, and
      // a click is redirected all the same): counted, as no table can keep it.
      if (error instanceof SpoolFullError) metrics.rejected.inc({ code: 'spool_full' })
      throw error
    })
  }

  return new Hono()
    .get('/o/:file{[A-Za-z0-9_.-]+\\.gif}', async (c) => {
      const payload = verified(c.req.param('file').slice(0, -'.gif'.length))
      // Set first, so that a 503 is not cached either.
      c.header('cache-control', 'no-store, private')
      // Over the address's rate the pixel is still served, unrecorded: mail clients and image
      // proxies share addresses and never retry a refused image.
      if (payload && !throttled(c)) await spooled(record(payload, 'email_open', c.req.url))
      return c.body(PIXEL, 200, { 'content-type': 'image/gif' })
    })
    .get('/c/:token', async (c) => {
      const payload = verified(c.req.param('token'))
      if (!payload?.u) throw new ApiError(404, 'not_found', 'this link is not valid')
      // A person clicked: they reach the target even when the click cannot be kept. A 503 would
      // strand them on an error page and no browser retries it, so the click would be lost all
      // the same. Nothing is lost that was acknowledged: the redirect does not say it was kept.
      // A full spool is expected under load and goes unlogged; any other failure is logged.
      // The same for an address over its rate: redirected, not recorded.
      if (!throttled(c))
        await record(payload, 'email_click', c.req.url).catch((error: unknown) => {
          if (!(error instanceof SpoolFullError))
            console.error(`leadhouse: GET ${c.req.path}: the click was not recorded:`, error)
        })
      c.header('cache-control', 'no-store, private')
      return c.redirect(payload.u, 302)
    })
    .post('/api/v1/links', authorize, async (c) => {
      if (!secret)
        throw new ApiError(
          404,
          'not_configured',
          'email links need linkSecret in the config (LEADHOUSE_LINK_SECRET)',
        )
      const parsed = linkRequestSchema.safeParse(await readJsonRequest(c, MAX_API_BODY_BYTES))
      if (!parsed.success) {
        const problem = firstProblem(parsed.error, 'invalid_link')
        throw new ApiError(400, problem.code, problem.message, problem.field || undefined)
      }
      const { site, email, campaign, message, url } = parsed.data
      if (!siteIds.has(site))
        throw new ApiError(
          400,
          'unknown_site',
          `site: ${JSON.stringify(site)} is not configured`,
          'site',
        )
      const base = { s: site, e: email, c: campaign ?? '', m: message ?? '' }
      const target = linkPayloadSchema.shape.u.safeParse(url)
      if (url !== undefined && !target.success)
        throw new ApiError(400, 'invalid_link', 'url: must be an http(s) URL', 'url')
      return c.json({
        open: `${publicUrl()}/o/${signLink(base, secret)}.gif`,
        ...(url ? { click: `${publicUrl()}/c/${signLink({ ...base, u: url }, secret)}` } : {}),
      })
    })
}
