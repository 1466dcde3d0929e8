/**
 * Security headers on every answer, by hono's `secure-headers`: a Content-Security-Policy
 * without inline scripts (`script-src 'self'`; the dashboard, login and demo pages load their
 * scripts from files), no framing (`frame-ancestors 'none'`), `nosniff`, and no referrer from the dashboard. The
 * ingest role's answers are loaded by other sites' pages (the script, the email pixel), so they
 * get `Cross-Origin-Resource-Policy: cross-origin`; everything else `same-origin`. The dashboard
 * allows no inline style either (`style-src 'self'`): its stylesheet is a file, and its charts
 * set styles through the CSSOM (`element.style`), which the CSP does not govern, not as
 * attributes or `<style>` elements (the dashboard drops Observable Plot's own `<style>`).
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { isIngestPath } from './allowed-hosts.js'

const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // The pages keep their short stylesheets inline; styles cannot run code.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

/** `/dashboard` and everything under it: the app and its assets. */
const isDashboardPath = (path: string) => path === '/dashboard' || path.startsWith('/dashboard/')

export function securityHeaders(): MiddlewareHandler {
  const common = { contentSecurityPolicy, xFrameOptions: 'DENY' } as const
  const ingest = secureHeaders({
    ...common,
    crossOriginResourcePolicy: 'cross-origin',
    // The demo site is a site like any other: its own pages' paths go along as referrers.
    referrerPolicy: 'strict-origin-when-cross-origin',
  })
  const others = secureHeaders({
    ...common,
    crossOriginResourcePolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
  })
  const dashboard = secureHeaders({
    ...common,
    contentSecurityPolicy: { ...contentSecurityPolicy, styleSrc: ["'self'"] },
    crossOriginResourcePolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
  })
  return (c, next) => {
    if (isIngestPath(c.req.path)) return ingest(c, next)
    return isDashboardPath(c.req.path) ? dashboard(c, next) : others(c, next)
  }
}
