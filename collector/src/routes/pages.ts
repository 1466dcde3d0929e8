import type { DashboardAsset, DashboardAssets } from '@leadhouse/dashboards'
import { Hono, type MiddlewareHandler } from 'hono'
import { demoPage } from '../demo/demo-page.js'
import { chooseEncoding, SDK_ENCODINGS } from './sdk.js'

/** Hashed names change with their content: a browser may keep them for a year. */
const ASSET_CACHE = 'private, max-age=31536000, immutable'

/**
 * The dashboard (behind `authorize`: a read session, else the login page) and the demo site at
 * `/demo` (public). Every `/dashboard/*` path answers the app's page, which reads the path
 * itself (the pages' URLs are shareable); `/dashboard/assets/<hashed name>` the built script
 * and stylesheet, in the smallest coding the browser accepts; `/dashboard/app.js` the current
 * script under a stable name.
 */
export function pageRoutes(
  dashboard: DashboardAssets,
  demoSiteId: string,
  authorize: MiddlewareHandler,
): Hono {
  const page = () =>
    new Response(dashboard.html, {
      headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-cache' },
    })
  return (
    new Hono()
      .get('/dashboard/assets/:file', authorize, (c) => {
        const asset = dashboard.assets?.get(c.req.param('file'))
        return asset ? serveAsset(asset, c.req.header('accept-encoding')) : c.notFound()
      })
      .get('/dashboard/app.js', authorize, (c) => {
        c.header('content-type', 'text/javascript; charset=utf-8')
        c.header('cache-control', 'no-cache')
        return c.body(dashboard.script)
      })
      .get('/dashboard', authorize, page)
      .get('/dashboard/*', authorize, page)
      // POST too: the demo's form posts to its thanks page (no email in the URL).
      .on(['GET', 'POST'], '/demo/:page?', (c) => {
        const html = demoPage(c.req.param('page') ?? 'home', demoSiteId)
        return html ? c.html(html) : c.notFound()
      })
  )
}

function serveAsset(asset: DashboardAsset, acceptEncoding: string | undefined): Response {
  const offered = SDK_ENCODINGS.filter((coding) => asset.encoded[coding] !== undefined)
  const encoding = chooseEncoding(acceptEncoding, offered)
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': ASSET_CACHE,
    vary: 'Accept-Encoding',
  }
  if (encoding) headers['content-encoding'] = encoding
  const body = encoding ? asset.encoded[encoding] : asset.body
  return new Response(new Uint8Array(body ?? asset.body), { headers })
}
