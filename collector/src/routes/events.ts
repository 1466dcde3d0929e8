import { type EventRow, type RejectedEventRow, toDateTime64 } from '@leadhouse/warehouse/raw'
import { type Context, Hono } from 'hono'
import type { SiteConfig } from '../config.js'
import { ApiError, spooled } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { bodyRefusal, bodySource, readBody } from '../http/read-body.js'
import type { CountryLookup } from '../lib/country.js'
import { cookielessVisitorId, type DailySalt, enrichClient, type IpMode } from '../lib/enrich.js'
import { wireBatchSchema, wireEventSchema } from '../lib/event-schema.js'
import { parseJsonBody } from '../lib/json-body.js'
import { acceptedLanguage, type RequestFacts, toEventRow } from '../lib/normalize.js'
import { firstProblem, type Problem } from '../lib/problems.js'
import type { RateLimiter } from '../lib/rate-limit.js'
import type { Metrics } from '../metrics.js'
import { type Refusals, refusalsOf } from '../refusals.js'
import type { EventStore } from '../storage/event-store.js'

/** Largest request body `POST /e` reads. */
export const MAX_BODY_BYTES = 512 * 1024
/** Largest single event, as JSON. */
export const MAX_EVENT_BYTES = 32 * 1024

export interface EventRoutesOptions {
  store: EventStore
  sites: readonly SiteConfig[]
  ipMode: IpMode
  /** Country of a client address, when a country database is configured. */
  country?: CountryLookup | undefined
  trustProxy: number
  salt: DailySalt
  metrics: Metrics
  /** Requests per client address, then per site. */
  limits: { perAddress: RateLimiter; perSite: RateLimiter }
}

/**
 * `POST /e`: a batch from the SDK. Anything refused is written to `rejected_events` with the
 * reason before the error is answered. A batch with some bad events keeps the good ones
 * (202) and names the bad ones; the SDK would otherwise retry or drop them all.
 */
export function eventRoutes(options: EventRoutesOptions): Hono {
  const ingest: Ingest = {
    ...options,
    sitesById: new Map(options.sites.map((site) => [site.id, site])),
    refusals: refusalsOf({ endpoint: '/e' }, options),
  }
  return (
    new Hono()
      // Preflight, for clients that post application/json (the SDK's text/plain needs none).
      .options('/e', (c) => {
        const origin = c.req.header('origin')
        c.header('vary', 'Origin')
        if (origin && allowedAnywhere(options.sites, origin)) {
          c.header('access-control-allow-origin', origin)
          c.header('access-control-allow-methods', 'POST')
          c.header('access-control-allow-headers', 'content-type')
          c.header('access-control-max-age', '86400')
        }
        return c.body(null, 204)
      })
      .post('/e', (c) => ingestBatch(c, ingest))
  )
}

/** What `POST /e` works with. Its steps are module functions, not closures made per request. */
interface Ingest extends EventRoutesOptions {
  sitesById: Map<string, SiteConfig>
  refusals: Refusals
}

/** A site without origins takes events from any page. */
function allowedBy(site: SiteConfig, origin: string): boolean {
  return site.origins.length === 0 || site.origins.includes(origin)
}

function allowedAnywhere(sites: readonly SiteConfig[], origin: string): boolean {
  return sites.some((site) => allowedBy(site, origin))
}

/**
 * The SDK reads the answer to know its batch was stored: pages of the site's own origins get a
 * CORS grant (no credentials are involved), foreign ones none. Until the batch names its site, an
 * origin allowed by any site gets one, so that the SDK can read an error. The headers are a plain
 * object until an error needs them on the context: hono's `c.header()` builds a fetch `Headers`,
 * which cost the accepted answer a tenth of the collector's own work (docs/performance.md).
 */
async function ingestBatch(c: Context, ingest: Ingest): Promise<Response> {
  const origin = c.req.header('origin')
  const answer: Record<string, string> = { vary: 'Origin' }
  if (origin && allowedAnywhere(ingest.sites, origin))
    answer['access-control-allow-origin'] = origin
  try {
    return await storeBatch(c, ingest, origin, answer)
  } catch (error) {
    for (const [name, value] of Object.entries(answer)) c.header(name, value)
    throw error
  }
}

async function storeBatch(
  c: Context,
  ingest: Ingest,
  origin: string | undefined,
  answer: Record<string, string>,
): Promise<Response> {
  const { store, metrics, limits, refusals } = ingest
  const receivedAt = Date.now()

  const address = clientAddress(c, ingest.trustProxy)
  throttle(metrics, limits.perAddress, address, 'from this address')

  const body = await readBody(bodySource(c), MAX_BODY_BYTES)
  if (!body.ok) {
    const { status, code, message } = bodyRefusal(body, MAX_BODY_BYTES)
    const problem = { code, message, field: '' }
    throw await refusals.refuse(status, problem, {
      payload: body.prefix,
      payloadBytes: body.bytes,
      receivedAt,
    })
  }
  const bytes = Buffer.byteLength(body.text)
  // Not JSON, nested too deep, or a __proto__ key: kept as the text that came, never re-serialised.
  const json = parseJsonBody(body.text)
  const refused = { payload: body.text, payloadBytes: bytes, receivedAt }
  if (!json.ok) throw await refusals.refuse(400, json.problem, refused)
  const batch = wireBatchSchema.safeParse(json.value)
  if (!batch.success) {
    throw await refusals.refuse(400, firstProblem(batch.error, 'invalid_batch'), refused)
  }
  const siteId = batch.data.s
  const site = ingest.sitesById.get(siteId)
  if (!site) {
    const problem = {
      code: 'unknown_site',
      message: `s: site ${JSON.stringify(siteId)} is not configured`,
      field: 's',
    }
    throw await refusals.refuse(400, problem, { ...refused, siteId })
  }

  throttle(metrics, limits.perSite, siteId, `for site ${JSON.stringify(siteId)}`)
  if (origin) {
    const allowed = allowedBy(site, origin)
    if (allowed) answer['access-control-allow-origin'] = origin
    else delete answer['access-control-allow-origin']
    if (!allowed) {
      const problem = {
        code: 'origin_not_allowed',
        message: `s: site ${JSON.stringify(siteId)} does not take events from pages of ${origin}`,
        field: 's',
      }
      throw await refusals.refuse(403, problem, { ...refused, siteId })
    }
  }
  const userAgent = c.req.header('user-agent') ?? ''
  const { salt } = ingest
  const ipMode = site.privacy?.ip ?? ingest.ipMode
  const country = site.privacy?.country === false ? undefined : ingest.country
  const facts: RequestFacts = {
    siteId,
    receivedAt,
    receivedAtText: toDateTime64(receivedAt),
    client: enrichClient(userAgent, address, siteId, { ipMode, salt, country }),
    cookielessVisitorId: () => cookielessVisitorId(userAgent, address, siteId, salt),
    language: acceptedLanguage(c.req.header('accept-language')),
  }
  const rows: EventRow[] = []
  const rejected: RejectedEventRow[] = []
  const problems: (Problem & { index: number })[] = []
  let ignoredLinks = 0
  // No event of a body within the event limit can exceed it: most bodies skip the measuring.
  const measure = bytes > MAX_EVENT_BYTES
  const events = batch.data.e
  for (let index = 0; index < events.length; index++) {
    const raw = events[index]
    const size = measure ? Buffer.byteLength(JSON.stringify(raw) ?? '') : 0
    const event = size > MAX_EVENT_BYTES ? undefined : wireEventSchema.safeParse(raw)
    if (event?.success) {
      const row = toEventRow(event.data, facts)
      // Link clicks that are neither outbound links nor downloads: the SDK leaves that to us.
      if (event.data.t === 'link' && row.name === '') ignoredLinks++
      else rows.push(row)
      continue
    }
    const payload = JSON.stringify(raw) ?? ''
    const problem = event
      ? firstProblem(event.error, 'invalid_event', ['e', index])
      : {
          code: 'event_too_large',
          message: `e[${index}]: the event is ${size} bytes; the limit is ${MAX_EVENT_BYTES}`,
          field: `e[${index}]`,
        }
    problems.push({ ...problem, index })
    // An oversized event is kept by its first 4 KB, like an oversized body.
    const kept = event ? payload : payload.slice(0, 4096)
    rejected.push(
      refusals.row(problem, {
        payload: kept,
        payloadBytes: Buffer.byteLength(payload),
        siteId,
        receivedAt,
      }),
    )
  }
  if (rejected.length > 0) await refusals.refuseItems(rejected, rows.length)
  await spooled(store.insertEvents(rows))
  metrics.accepted.inc({ site: siteId }, rows.length)
  if (ignoredLinks) metrics.ignoredLinks.inc({ site: siteId }, ignoredLinks)
  if (facts.client.is_bot) metrics.bots.inc({ site: siteId }, rows.length)
  answer['content-type'] = 'application/json'
  return new Response(JSON.stringify({ accepted: rows.length, rejected: problems }), {
    status: 202,
    headers: answer,
  })
}

/** Throttled requests are not bad input: counted, answered 429, and retried by the SDK. */
function throttle(metrics: Metrics, limiter: RateLimiter, key: string, what: string): void {
  const wait = limiter.take(key)
  if (!wait) return
  metrics.rejected.inc({ code: 'rate_limited' })
  throw new ApiError(
    429,
    'rate_limited',
    `too many requests ${what}: retry in ${wait} s`,
    undefined,
    {
      'retry-after': String(wait),
    },
  )
}
