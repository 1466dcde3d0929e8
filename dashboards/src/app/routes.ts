/**
 * The page table: path → page. The header's navigation lists them in this order; `channelFilter`
 * and `periodFilter` say whether those filters apply to the page's data. Each page is loaded
 * with `import()`, so rollup makes it a chunk of its own and the first load ships only the
 * shell and the page it opens on (sizes: docs/performance.md).
 */
import type { FunctionComponent } from 'preact'
import type { MeResponse } from '../api/types.js'
import type { SharedKey } from './messages.js'

export interface Route {
  /** The full path, e.g. '/dashboard/funnel'. */
  path: string
  /** The page's name in the navigation and the document title (a shared message). */
  title: SharedKey
  /** Loads the page's chunk; the same promise for every call (`loadPage` caches it). */
  load: () => Promise<FunctionComponent>
  /** Whether the filter bar offers the channel filter on this page. */
  channelFilter: boolean
  /** The roles the navigation lists the page for; every role when absent. */
  roles?: readonly MeResponse['role'][]
  /** Whether the period (presets, from, to) applies to the page's data; default true. */
  periodFilter?: boolean
}

export const routes: readonly Route[] = [
  {
    path: '/dashboard',
    title: 'nav.overview',
    load: () => import('../pages/overview/index.js').then((m) => m.OverviewPage),
    channelFilter: true,
  },
  {
    path: '/dashboard/funnel',
    title: 'nav.funnel',
    load: () => import('../pages/funnel/index.js').then((m) => m.FunnelPage),
    channelFilter: true,
  },
  {
    path: '/dashboard/channels',
    title: 'nav.channels',
    load: () => import('../pages/channels/index.js').then((m) => m.ChannelsPage),
    channelFilter: false,
  },
  {
    path: '/dashboard/leads',
    title: 'nav.leads',
    load: () => import('../pages/leads/index.js').then((m) => m.LeadsPage),
    channelFilter: true,
    // The list is every lead as it is now (the leads mart has no period).
    periodFilter: false,
  },
  {
    path: '/dashboard/leads/detail',
    title: 'nav.leadDetail',
    load: () => import('../pages/lead-detail/index.js').then((m) => m.LeadDetailPage),
    channelFilter: false,
    // One lead's whole history, whatever the period.
    periodFilter: false,
  },
  {
    path: '/dashboard/cohorts',
    title: 'nav.cohorts',
    load: () => import('../pages/cohorts/index.js').then((m) => m.CohortsPage),
    channelFilter: false,
  },
  {
    path: '/dashboard/queue',
    title: 'nav.queue',
    load: () => import('../pages/queue/index.js').then((m) => m.QueuePage),
    channelFilter: false,
    roles: ['sales', 'admin'],
  },
  {
    path: '/dashboard/alerts',
    title: 'nav.alerts',
    load: () => import('../pages/alerts/index.js').then((m) => m.AlertsPage),
    channelFilter: false,
    // The roles `GET /api/v1/alerts` lets in (collector/src/app.ts).
    roles: ['sales', 'admin'],
    // The outbox as it is now: alerts of any age until delivered ones are pruned.
    periodFilter: false,
  },
]

/** The route of a path ('/dashboard/' and '/dashboard' alike); undefined when none matches. */
export function routeOf(path: string): Route | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
  return routes.find((route) => route.path === clean)
}
