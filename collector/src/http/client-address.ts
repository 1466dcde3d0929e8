import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { forwardedAddress } from '../lib/forwarded-for.js'

/**
 * The client's address behind `trustedProxies` reverse proxies of yours: the connection's
 * without any; else the one their X-Forwarded-For names (see `forwardedAddress`).
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  const forwarded = forwardedAddress(c.req.header('x-forwarded-for'), trustedProxies)
  if (forwarded) return forwarded
  try {
    return getConnInfo(c).remote.address ?? ''
  } catch {
    return '' // no socket: a request made in-process (tests)
  }
}
