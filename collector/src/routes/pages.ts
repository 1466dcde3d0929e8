import type { DashboardAssets } from '@leadhouse/dashboards'
import { Hono } from 'hono'
import { demoPage } from '../demo/demo-page.js'

/** `/dashboard` and the demo site at `/demo`. */
export function pageRoutes(dashboard: DashboardAssets, demoSiteId: string): Hono {
  return (
    new Hono()
      .get('/dashboard', (c) => c.html(dashboard.html))
      .get('/dashboard/app.js', (c) => {
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
