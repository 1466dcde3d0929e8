/**
 * @leadhouse/dashboards: the built-in dashboard, served by the collector at `/dashboard`.
 * The page is static; it reads the collector's read API (`/api/v1/...`) from the browser with
 * the session cookie of `/login`, and has no inline script (the collector's CSP allows none).
 */
import { readFileSync } from 'node:fs'

export interface DashboardAssets {
  html: string
  script: string
}

/** The dashboard page and its script; the page loads the script from `/dashboard/app.js`. */
export function dashboardAssets(): DashboardAssets {
  return {
    html: readFileSync(new URL('./dashboard.html', import.meta.url), 'utf8'),
    script: readFileSync(new URL('./dashboard.js', import.meta.url), 'utf8'),
  }
}
