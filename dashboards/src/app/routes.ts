/**
 * The page table: path → page. The header's navigation lists them in this order; `channelFilter`
 * says whether the channel filter applies to the page's data.
 */
import type { FunctionComponent } from 'preact'
import type { MeResponse } from '../api/types.js'
import { ChannelsPage } from '../pages/channels/index.js'
import { CohortsPage } from '../pages/cohorts/index.js'
import { FunnelPage } from '../pages/funnel/index.js'
import { LeadDetailPage } from '../pages/lead-detail/index.js'
import { LeadsPage } from '../pages/leads/index.js'
import { OverviewPage } from '../pages/overview/index.js'
import { QueuePage } from '../pages/queue/index.js'
import type { SharedKey } from './messages.js'

export interface Route {
  /** The full path, e.g. '/dashboard/funnel'. */
  path: string
  /** The page's name in the navigation and the document title (a shared message). */
  title: SharedKey
  page: FunctionComponent
  /** Whether the filter bar offers the channel filter on this page. */
  channelFilter: boolean
  /** The roles the navigation lists the page for; every role when absent. */
  roles?: readonly MeResponse['role'][]
}

export const routes: readonly Route[] = [
  { path: '/dashboard', title: 'nav.overview', page: OverviewPage, channelFilter: true },
  { path: '/dashboard/funnel', title: 'nav.funnel', page: FunnelPage, channelFilter: true },
  {
    path: '/dashboard/channels',
    title: 'nav.channels',
    page: ChannelsPage,
    channelFilter: false,
  },
  { path: '/dashboard/leads', title: 'nav.leads', page: LeadsPage, channelFilter: true },
  {
    path: '/dashboard/leads/detail',
    title: 'nav.leadDetail',
    page: LeadDetailPage,
    channelFilter: false,
  },
  { path: '/dashboard/cohorts', title: 'nav.cohorts', page: CohortsPage, channelFilter: false },
  {
    path: '/dashboard/queue',
    title: 'nav.queue',
    page: QueuePage,
    channelFilter: false,
    roles: ['sales', 'admin'],
  },
]

/** The route of a path ('/dashboard/' and '/dashboard' alike); undefined when none matches. */
export function routeOf(path: string): Route | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path
  return routes.find((route) => route.path === clean)
}
