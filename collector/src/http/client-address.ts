import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/**
 * The client's address behind `trustedProxies` reverse proxies of yours: the connection's
 * without any; else the entry of X-Forwarded-For that the outermost of them appended, the
 * `trustedProxies`-th from the right. Entries left of it are whatever the client sent, so
 * trusting them would let anyone pick the address their rate limit and country are taken
 * from. A header with fewer entries (a request that came round the proxies) gives its first.
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
    const hop = hops[Math.max(0, hops.length - trustedProxies)]
    if (hop) return hop
  }
  try {
    return getConnInfo(c).remote.address ?? ''
  } catch {
    return '' // no socket: a request made in-process (tests)
  }
}
