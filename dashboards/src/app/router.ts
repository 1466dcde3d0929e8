/**
 * The URL is the state: the path picks the page, the query string holds the filters, so every
 * view is a shareable link. In-app links use `history.pushState`; Back and Forward work through
 * `popstate`. No router library: six pages need a table (routes.ts) and these few functions.
 */
import { type ComponentChildren, h, type JSX } from 'preact'
import type { ViewFilters } from '../api/types.js'
import { addDays, isDay, todayUtc } from './dates.js'
import { getMeta, useMeta } from './meta.js'
import { createStore, useStore } from './store.js'

/** Where the app lives; paths not starting with '/' are taken relative to it. */
export const BASE_PATH = '/dashboard'

/** The query keys every page shares: they carry over when navigating between pages. */
export const COMMON_KEYS = ['from', 'to', 'site', 'channel'] as const

interface Location {
  path: string
  search: string
}

const readLocation = (): Location => ({
  path: globalThis.location?.pathname ?? BASE_PATH,
  search: globalThis.location?.search ?? '',
})

const locationStore = createStore<Location>(readLocation())

/** Re-reads the browser's location (after Back/Forward, or a test's `history` change). */
export function syncLocation(): void {
  const next = readLocation()
  const current = locationStore.get()
  if (next.path !== current.path || next.search !== current.search) locationStore.set(next)
}

if (typeof window !== 'undefined') window.addEventListener('popstate', syncLocation)

function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(search)) query[key] = value
  return query
}

/** A path under the app: '/dashboard/funnel' as given, 'funnel' → '/dashboard/funnel'. */
export function resolvePath(path: string): string {
  if (path.startsWith('/')) return path
  return path === '' ? BASE_PATH : `${BASE_PATH}/${path}`
}

/** The URL of `path` with `query` (undefined and empty values left out). */
export function hrefOf(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, value)
  const search = params.toString()
  return search ? `${resolvePath(path)}?${search}` : resolvePath(path)
}

function go(url: string): void {
  globalThis.history?.pushState(null, '', url)
  syncLocation()
}

/** The current path (under /dashboard), re-rendering on change. */
export function usePath(): string {
  return useStore(locationStore).path
}

/** The current query string (a new object each render: depend on its values, not on it). */
export function useQuery(): Record<string, string> {
  return parseQuery(useStore(locationStore).search)
}

export function getQuery(): Record<string, string> {
  return parseQuery(locationStore.get().search)
}

/** Replaces keys (undefined or '' removes one), keeps the rest, pushState. */
export function setQuery(patch: Record<string, string | undefined>): void {
  const query: Record<string, string | undefined> = { ...getQuery(), ...patch }
  go(hrefOf(locationStore.get().path, query))
}

/**
 * The link to another page: the common filters (from, to, site, channel) carry over, the
 * page's own keys do not; `query` adds keys or removes one with undefined.
 */
export function linkHref(path: string, query: Record<string, string | undefined> = {}): string {
  const current = getQuery()
  const carried: Record<string, string | undefined> = {}
  for (const key of COMMON_KEYS) carried[key] = current[key]
  return hrefOf(path, { ...carried, ...query })
}

export function navigate(path: string, query?: Record<string, string | undefined>): void {
  go(linkHref(path, query))
  globalThis.scrollTo?.(0, 0)
}

/** The filters from the query; from/to default to the last 30 days of data (or of today). */
export function filtersFrom(
  query: Record<string, string>,
  lastDay: string | undefined,
): ViewFilters {
  const to = isDay(query.to) ? query.to : (lastDay ?? todayUtc())
  const from = isDay(query.from) && query.from <= to ? query.from : addDays(to, -29)
  const filters: ViewFilters = { from, to }
  if (query.site) filters.site = query.site
  if (query.channel) filters.channel = query.channel
  return filters
}

export function useFilters(): ViewFilters {
  const query = useQuery()
  const meta = useMeta()
  return filtersFrom(query, meta?.dataRange?.to)
}

export function getFilters(): ViewFilters {
  return filtersFrom(getQuery(), getMeta()?.dataRange?.to)
}

/** The common filters plus extra query keys, as API parameters. */
export function filterParams(
  filters: ViewFilters,
  extra: Record<string, string | number | undefined> = {},
): Record<string, string> {
  const params: Record<string, string> = { from: filters.from, to: filters.to }
  if (filters.site) params.site = filters.site
  if (filters.channel) params.channel = filters.channel
  for (const [key, value] of Object.entries(extra))
    if (value !== undefined && value !== '') params[key] = String(value)
  return params
}

const isPlainClick = (event: MouseEvent) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey

/** An in-app link: a real `<a href>` (opens in a new tab too), pushState on a plain click. */
export function Link(props: {
  path: string
  query?: Record<string, string | undefined>
  class?: string
  children: ComponentChildren
}): JSX.Element {
  const href = linkHref(props.path, props.query)
  const current = usePath() === resolvePath(props.path)
  return h(
    'a',
    {
      href,
      class: props.class,
      'aria-current': current ? 'page' : undefined,
      onClick: (event: MouseEvent) => {
        if (!isPlainClick(event)) return
        event.preventDefault()
        navigate(props.path, props.query)
      },
    },
    props.children,
  )
}
