import type { DashboardAssets } from '@leadhouse/dashboards'
import { Hono, type MiddlewareHandler } from 'hono'
import { demoPage } from '../demo/demo-page.js'

/**
 * `/dashboard` (behind `authorize`: a read session, else the login page) and the demo site at
 * `/demo` (public).
 */
export function pageRoutes(
  dashboard: DashboardAssets,
  demoSiteId: string,
  authorize: MiddlewareHandler,
): Hono {
  return (
    new Hono()
      .get('/dashboard', authorize, (c) => c.html(dashboard.html))
      .get('/dashboard/app.js', authorize, (c) => {
        c.header('content-type', 'text/javascript; charset=utf-8')
        return c.body(dashboard.script)
      })
      // POST too: the demo's form posts to its thanks page (no email in the URL).
      .on(['GET', 'POST'], '/demo/:page?', (c) => {
        const html = demoPage(c.req.param('page') ?? 'home', demoSiteId)
        return html ? c.html(html) : c.notFound()
      })
  )
}
