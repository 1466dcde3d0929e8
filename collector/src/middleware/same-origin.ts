/**
 * Whether a browser request comes from one of the collector's own pages. Browsers attach the
 * session cookie to requests that other pages make (a `<form>` posting here, a `fetch`), and
 * `SameSite=Strict` does not stop pages of the same site: another port on `localhost` is the
 * same site. So a request that acts with a session must prove it is same-origin, as hono's
 * `csrf` middleware asks: `Sec-Fetch-Site: same-origin`, or an `Origin` that is the collector's
 * own. Unlike `csrf`, this is asked of every content type (not only the form types that skip
 * the CORS preflight) and the refusal is the API's JSON error.
 */
import type { Context } from 'hono'

export interface OriginOptions {
  /** The configured public URL: its origin is the collector's own, whatever the Host says. */
  publicUrl?: string | undefined
  /** Behind trusted proxies, `X-Forwarded-Proto` says whether the browser used https. */
  trustProxy: number
}

/** The origins the collector's own pages have for this request. */
export function ownOrigins(c: Context, options: OriginOptions): Set<string> {
  const url = new URL(c.req.url)
  const origins = new Set([url.origin])
  if (options.publicUrl) origins.add(new URL(options.publicUrl).origin)
  const forwarded = forwardedProto(c, options.trustProxy)
  if (forwarded) origins.add(`${forwarded}://${c.req.header('host') ?? url.host}`)
  return origins
}

/** `https` or `http` as the outermost trusted proxy saw it, when there are trusted proxies. */
export function forwardedProto(c: Context, trustProxy: number): 'http' | 'https' | undefined {
  if (trustProxy <= 0) return undefined
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  return proto === 'https' || proto === 'http' ? proto : undefined
}

/**
 * Why a state-changing browser request is not from the collector's own pages, or undefined
 * when it is: `Sec-Fetch-Site: same-origin` (which only a browser sets), or failing that an
 * `Origin` among the collector's own. Neither header: refused, as a request with a cookie and
 * no proof of where it comes from.
 */
export function crossSiteReason(c: Context, options: OriginOptions): string | undefined {
  const site = c.req.header('sec-fetch-site')
  if (site === 'same-origin') return undefined
  const origin = c.req.header('origin')
  if (origin && ownOrigins(c, options).has(origin)) return undefined
  if (site)
    return `the request came from another ${site === 'same-site' ? 'origin' : 'site'} (Sec-Fetch-Site: ${site}${origin ? `, Origin: ${origin}` : ''})`
  if (origin) return `the request came from ${origin}, not from this collector's pages`
  return 'the request carries neither Origin nor Sec-Fetch-Site to show it came from this collector'
}

/**
 * Why a read with a session cookie is refused, if it is: a browser says the request did not
 * come from this origin and it is not a navigation (a link the person followed). Another page's
 * `fetch`, `<img>` or `<script>` pointing at a read API never gets an answer made with the
 * session, even one it could not read.
 */
export function crossSiteReadReason(c: Context): string | undefined {
  const site = c.req.header('sec-fetch-site')
  if (!site || site === 'same-origin' || site === 'none') return undefined
  if (c.req.header('sec-fetch-mode') === 'navigate') return undefined
  return `the request came from another ${site === 'same-site' ? 'origin' : 'site'} (Sec-Fetch-Site: ${site})`
}
