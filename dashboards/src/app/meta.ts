/**
 * `/api/v1/meta`, fetched once per page load and shared: the filter bar's options, the default
 * date range (the last 30 days with data) and whether the models were ever built.
 */
import type { MetaResponse } from '../api/types.js'
import { createStore, useStore } from './store.js'

const metaStore = createStore<MetaResponse | undefined>(undefined)

/** The meta answer once loaded (the app loads it before it shows a page); undefined before. */
export function useMeta(): MetaResponse | undefined {
  return useStore(metaStore)
}

export function getMeta(): MetaResponse | undefined {
  return metaStore.get()
}

/** Sets the shared meta answer (the app after loading it; tests with hand-made data). */
export function setMeta(meta: MetaResponse | undefined): void {
  metaStore.set(meta)
}
