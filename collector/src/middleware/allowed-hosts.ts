/**
 * The Host allow-list. A page on `evil.example` whose DNS name the attacker points at
 * 127.0.0.1 after it loaded (DNS rebinding) reaches the collector as same-origin to itself;
 * its requests still say `Host: evil.example`. Everything but the ingest role's endpoints
 * answers such a Host with 421 Misdirected Request. The ingest endpoints are public and reached
 * under whatever names sites and proxies use, so they answer any Host.
 */
import type { MiddlewareHandler } from 'hono'
import type { CollectorConfig } from '../config.js'
import { ApiError } from '../errors.js'

/**
 * The ingest role's endpoints: public, for browsers on any site (`/e`, the script, email
 * pixels and clicks), probes (`/healthz`, `/readyz`) and the demo site. Everything else needs
 * a read or admin credential.
 */
export function isIngestPath(path: string): boolean {
  return (
    path === '/e' ||
    path === '/lh.js' ||
    path === '/lh-forms.js' ||
    path.startsWith('/v/') ||
    path.startsWith('/o/') ||
    path.startsWith('/c/') ||
    path === '/healthz' ||
    path === '/readyz' ||
    path === '/demo' ||
    path.startsWith('/demo/')
  )
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])
const ANY_ADDRESS = new Set(['', '0.0.0.0', '::', '[::]'])

/** `name` and `port` of a Host header (lower case; an IPv6 address keeps its brackets). */
export function splitHost(host: string): { name: string; port: string } {
  const lower = host.trim().toLowerCase()
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(lower)
  return { name: match?.[1] ?? lower, port: match?.[2] ?? '' }
}

/**
 * Whether a Host header is one the collector answers to beyond ingest: the loopback names
 * (any port), the public URL's host, a specific non-loopback `HOST` it is bound to, and the
 * configured `allowedHosts` (a name for any port, `name:port` for that port).
 */
export function hostChecker(
  config: Pick<CollectorConfig, 'host' | 'publicUrl' | 'allowedHosts'>,
): (host: string) => boolean {
  const names = new Set(LOOPBACK_NAMES)
  const withPort = new Set<string>()
  if (config.publicUrl) names.add(new URL(config.publicUrl).hostname.toLowerCase())
  const bound =
    config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host
  if (!ANY_ADDRESS.has(bound.toLowerCase())) names.add(bound.toLowerCase())
  for (const entry of config.allowedHosts) {
    const { name, port } = splitHost(entry)
    if (port) withPort.add(`${name}:${port}`)
    else names.add(name)
  }
  return (host) => {
    const { name, port } = splitHost(host)
    return names.has(name) || withPort.has(`${name}:${port}`)
  }
}

/** 421 for a Host not on the allow-list, on every path but the ingest role's. */
export function allowedHosts(
  config: Pick<CollectorConfig, 'host' | 'publicUrl' | 'allowedHosts'>,
): MiddlewareHandler {
  const allowed = hostChecker(config)
  return async (c, next) => {
    if (isIngestPath(c.req.path)) return next()
    // In-process requests (tests) carry no Host header: their URL's host stands for it.
    const host = c.req.header('host') ?? new URL(c.req.url).host
    if (!allowed(host)) {
      throw new ApiError(
        421,
        'misdirected_request',
        `this collector does not answer to the host ${JSON.stringify(host)}: add it to LEADHOUSE_ALLOWED_HOSTS (allowedHosts) or set LEADHOUSE_PUBLIC_URL`,
        'host',
      )
    }
    return next()
  }
}
