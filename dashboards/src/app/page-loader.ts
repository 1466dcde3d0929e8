/**
 * Pages arrive as chunks (`Route.load`, an `import()`): this hook asks for the page of a route
 * once, remembers it, and says whether it is there yet. A chunk that fails to arrive (the
 * collector stopped, or was updated and the old hashed names are gone) is asked for again on
 * the next visit rather than remembered as failed.
 */
import type { FunctionComponent } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Route } from './routes.js'

export type PageState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'ready'; page: FunctionComponent }

const loaded = new Map<string, FunctionComponent>()
const pending = new Map<string, Promise<FunctionComponent>>()

/** Starts loading a route's page (or returns the load under way); remembers it once there. */
export function loadPage(route: Route): Promise<FunctionComponent> {
  let promise = pending.get(route.path)
  if (!promise) {
    promise = route.load().then(
      (page) => {
        loaded.set(route.path, page)
        return page
      },
      (error: unknown) => {
        pending.delete(route.path)
        throw error
      },
    )
    pending.set(route.path, promise)
  }
  return promise
}

/** The page of `route`: ready at once when loaded before, otherwise loading, then ready or error. */
export function usePage(route: Route | undefined): PageState | undefined {
  const known = route ? loaded.get(route.path) : undefined
  const [state, setState] = useState<{ path: string; state: PageState } | undefined>(undefined)
  useEffect(() => {
    if (!route || loaded.has(route.path)) return
    let current = true
    setState({ path: route.path, state: { status: 'loading' } })
    loadPage(route).then(
      (page) => current && setState({ path: route.path, state: { status: 'ready', page } }),
      () => current && setState({ path: route.path, state: { status: 'error' } }),
    )
    return () => {
      current = false
    }
  }, [route])
  if (!route) return undefined
  if (known) return { status: 'ready', page: known }
  return state?.path === route.path ? state.state : { status: 'loading' }
}
