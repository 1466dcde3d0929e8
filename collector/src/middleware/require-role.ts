import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Access } from '../access/access.js'
import type { ActiveKey } from '../access/key-ring.js'
import type { Role } from '../access/keys.js'
import { SESSION_COOKIE } from '../access/sessions.js'
import { ApiError } from '../errors.js'
import { crossSiteReadReason, crossSiteReason, type OriginOptions } from './same-origin.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** The key the request was let in with (set by `requireRole`): its role and its name. */
    activeKey: ActiveKey
  }
}

export interface RequireRoleOptions extends OriginOptions {
  /** A page for people (the dashboard): without a session, redirect to `/login` (303). */
  loginPage?: boolean
}

/** Which roles a role's endpoints let in: a higher role also passes a lower role's endpoints. */
const PASSES: Record<Role, readonly Role[]> = {
  read: ['read', 'sales', 'admin'],
  sales: ['sales', 'admin'],
  admin: ['admin'],
}
const NEEDED: Record<Role, string> = {
  read: 'a read, sales or admin key',
  sales: 'a sales or admin key',
  admin: 'an admin key',
}

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/

/**
 * Lets a request through when it carries a credential of `role` (or above):
 * `Authorization: Bearer <key>`, or the dashboard's session cookie. Keys are only ever read
 * from the Authorization header, never from a cookie, a query or a body. A request with the
 * cookie that changes something must come from the collector's own pages (see
 * `crossSiteReason`). No credential: 401 with `WWW-Authenticate: Bearer` (or, for `loginPage`,
 * a 303 to `/login`); a key that is not valid or has been revoked: 403; a valid one of a
 * lesser role: 403.
 */
export function requireRole(
  access: Access,
  role: Role,
  options: RequireRoleOptions,
): MiddlewareHandler {
  const needed = NEEDED[role]
  const allowed = (key: ActiveKey) => {
    if (!PASSES[role].includes(key.role))
      throw new ApiError(
        403,
        'forbidden',
        `this endpoint needs ${needed}; this one is a ${key.role} key`,
      )
  }
  return async (c, next) => {
    const header = c.req.header('authorization')
    if (header !== undefined) {
      const given = /^Bearer +(\S+) *$/i.exec(header)?.[1]
      if (!given) throw unauthorized(`send the key as Authorization: Bearer <key>`)
      const key = access.keys.verify(given)
      if (!key) throw new ApiError(403, 'forbidden', 'the key is not valid (unknown or revoked)')
      allowed(key)
      c.set('activeKey', key)
      return next()
    }
    const key = sessionKey(c, access)
    if (!key) {
      if (options.loginPage && SAFE_METHOD.test(c.req.method)) return c.redirect('/login', 303)
      throw unauthorized(
        `this endpoint needs ${needed}: send Authorization: Bearer <key>, or log in at /login`,
      )
    }
    const refusal = SAFE_METHOD.test(c.req.method)
      ? crossSiteReadReason(c)
      : crossSiteReason(c, options)
    if (refusal) throw new ApiError(403, 'cross_site', `refused with a session cookie: ${refusal}`)
    allowed(key)
    c.set('activeKey', key)
    return next()
  }
}

/** The active key behind the request's session cookie, if it has a valid one. */
export function sessionKey(c: Context, access: Access): ActiveKey | undefined {
  const cookie = getCookie(c, SESSION_COOKIE)
  const session = cookie ? access.sessions.read(cookie) : undefined
  return session && access.keys.find(session.keyId)
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer' })
}
