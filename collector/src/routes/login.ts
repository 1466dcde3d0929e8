import { type Context, Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { Access } from '../access/access.js'
import { SESSION_COOKIE } from '../access/sessions.js'
import { ApiError } from '../errors.js'
import { clientAddress } from '../http/client-address.js'
import { bodySource, readBody } from '../http/read-body.js'
import type { RateLimiter } from '../lib/rate-limit.js'
import { crossSiteReason, forwardedProto, type OriginOptions } from '../middleware/same-origin.js'

/** A login form is a key and a little: anything bigger is not one. */
const MAX_LOGIN_BYTES = 8 * 1024

export interface LoginRoutesOptions extends OriginOptions {
  access: Access
  /** Failed logins per client address; a client over it is answered 429 without a check. */
  failures: RateLimiter
}

/**
 * `GET /login`: a form to paste a read, sales or admin key into. `POST /login` (a form's `key`, or JSON
 * `{"key": "..."}`) checks the key and sets the session cookie: `HttpOnly`, `SameSite=Strict`,
 * `Path=/`, `Secure` when the browser came over https, for the session's lifetime; a form is
 * then sent on to the dashboard (303). `POST /logout` clears it. Both posts must come from the
 * collector's own pages, so another site can neither log a browser in with its own key nor out.
 * `GET /login/once/<token>` (a demo's collector only): a one-time link, which sets the cookie
 * and sends the browser on to the dashboard; used, expired or unknown, it shows the form (401).
 */
export function loginRoutes(options: LoginRoutesOptions): Hono {
  const { access, failures } = options
  const routes = new Hono()
    .get('/login', (c) => c.html(loginPage()))
    .post('/login', async (c) => {
      const form = !/^application\/json\b/i.test(c.req.header('content-type') ?? '')
      refuseCrossSite(c, options)
      const address = clientAddress(c, options.trustProxy)
      const wait = failures.peek(address)
      if (wait > 0) {
        const message = `too many failed logins from this address: try again in ${wait} s`
        if (form) return c.html(loginPage(message), 429, { 'retry-after': String(wait) })
        throw new ApiError(429, 'too_many_logins', message, undefined, {
          'retry-after': String(wait),
        })
      }
      const given = await presentedKey(c, form)
      const key = given === undefined ? undefined : access.keys.verify(given)
      if (!key) {
        failures.take(address)
        const message =
          given === undefined
            ? 'paste a key into the field'
            : 'that key is not valid (unknown or revoked)'
        if (form) return c.html(loginPage(message), 401)
        throw new ApiError(401, 'invalid_key', message, 'key')
      }
      const session = startSession(c, key.id, options)
      if (form) return c.redirect('/dashboard', 303)
      return c.json({ role: key.role, expires_at: new Date(session.expiresAt).toISOString() })
    })
    .post('/logout', (c) => {
      refuseCrossSite(c, options)
      deleteCookie(c, SESSION_COOKIE, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: cameOverHttps(c, options),
      })
      return c.redirect('/login', 303)
    })
  const { oneTimeLogins } = access
  // A one-time link (the demo's): the token is the credential, good once, in this process only.
  // Without one-time logins (any real installation) there is no such route.
  if (oneTimeLogins)
    routes.get('/login/once/:token', (c) => {
      c.header('cache-control', 'no-store')
      c.header('referrer-policy', 'no-referrer')
      const address = clientAddress(c, options.trustProxy)
      const wait = failures.peek(address)
      if (wait > 0) {
        const message = `too many failed logins from this address: try again in ${wait} s`
        return c.html(loginPage(message), 429, { 'retry-after': String(wait) })
      }
      const keyId = oneTimeLogins.redeem(c.req.param('token'))
      if (!keyId || !access.keys.find(keyId)) {
        failures.take(address)
        const message = 'that login link was used already or has expired: log in with a key'
        return c.html(loginPage(message), 401)
      }
      startSession(c, keyId, options)
      return c.redirect('/dashboard', 303)
    })
  return routes
}

/**
 * Sets the session cookie of key `keyId`: `HttpOnly`, `SameSite=Strict`, `Path=/`, `Secure`
 * when the browser came over https, for the session's lifetime.
 */
function startSession(c: Context, keyId: string, options: LoginRoutesOptions) {
  const session = options.access.sessions.issue(keyId)
  setCookie(c, SESSION_COOKIE, session.value, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: cameOverHttps(c, options),
    maxAge: Math.floor(options.access.sessions.ttlMs / 1000),
  })
  return session
}

function refuseCrossSite(c: Context, options: OriginOptions): void {
  const reason = crossSiteReason(c, options)
  if (reason) throw new ApiError(403, 'cross_site', `refused: ${reason}`)
}

/** The `key` of a form (urlencoded or multipart) or of a JSON body; undefined when absent. */
async function presentedKey(c: Context, form: boolean): Promise<string | undefined> {
  const body = await readBody(bodySource(c), MAX_LOGIN_BYTES)
  if (!body.ok)
    throw new ApiError(413, 'body_too_large', `a login is at most ${MAX_LOGIN_BYTES} bytes`)
  let key: unknown
  if (!form) {
    try {
      key = (JSON.parse(body.text) as { key?: unknown } | null)?.key
    } catch {
      throw new ApiError(400, 'invalid_json', 'the body is not JSON: send {"key": "..."}')
    }
  } else if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    const data = await new Response(body.text, {
      headers: { 'content-type': c.req.header('content-type') ?? '' },
    })
      .formData()
      .catch(() => undefined)
    key = data?.get('key')
  } else {
    key = new URLSearchParams(body.text).get('key')
  }
  return typeof key === 'string' && key.trim() ? key.trim() : undefined
}

/** Whether the browser reached the collector over https (directly, or through a trusted proxy). */
function cameOverHttps(c: Context, options: OriginOptions): boolean {
  const url = new URL(c.req.url)
  if (url.protocol === 'https:') return true
  if (options.trustProxy > 0) return forwardedProto(c, options.trustProxy) === 'https'
  // The public URL says https and this request was made to its host: a proxy in front that
  // does not say what it was reached by.
  return Boolean(
    options.publicUrl?.startsWith('https:') &&
      new URL(options.publicUrl).host === (c.req.header('host') ?? url.host),
  )
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** The login page: a form and no script. */
function loginPage(problem?: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Leadhouse · Log in</title>
    <style>
      body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
      header { background: #1d2330; color: #fff; padding: 12px 24px; }
      header h1 { font-size: 18px; margin: 0; }
      main { padding: 24px; max-width: 560px; }
      input[type=password] { width: 100%; padding: 6px; font: inherit; box-sizing: border-box; }
      .problem { color: #a4262c; }
    </style>
  </head>
  <body>
    <header><h1>Leadhouse</h1></header>
    <main>
      <form method="post" action="/login">
        <p><label for="key">Read or admin key</label></p>
        <p><input id="key" name="key" type="password" autocomplete="off" required autofocus /></p>
        ${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
        <p><button type="submit">Log in</button></p>
      </form>
      <p>The first start printed a read and an admin key; <code>pnpm leadhouse keys create --role read</code> makes another (<code>--role sales --name "…"</code> for a salesperson).</p>
    </main>
  </body>
</html>`
}
