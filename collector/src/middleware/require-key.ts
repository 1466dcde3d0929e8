import { timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.js'

/**
 * Requires `Authorization: Bearer <key>` with one of `keys`: 401 without a key, 403 with a
 * wrong one. With no keys configured the route stays open (the default host is loopback).
 */
export function requireKey(keys: readonly string[], what: string): MiddlewareHandler {
  const known = keys.map((key) => Buffer.from(key))
  return async (c, next) => {
    if (known.length === 0) return next()
    const header = c.req.header('authorization') ?? ''
    const given = /^Bearer (.+)$/i.exec(header)?.[1]
    if (!given) {
      throw new ApiError(
        401,
        'unauthorized',
        `this endpoint needs a ${what}: send Authorization: Bearer <key>`,
        undefined,
        {
          'www-authenticate': 'Bearer',
        },
      )
    }
    const candidate = Buffer.from(given)
    if (!known.some((key) => key.length === candidate.length && timingSafeEqual(key, candidate))) {
      throw new ApiError(403, 'forbidden', `the ${what} is not valid`)
    }
    return next()
  }
}
