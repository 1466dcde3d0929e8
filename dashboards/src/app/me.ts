/**
 * `/api/v1/me`, fetched once by the app and shared: the role and name of the key the session
 * acts with. The queue's navigation entry and the lead page's sales actions show only for the
 * roles that may use them (the API refuses the others anyway).
 */
import type { MeResponse } from '../api/types.js'
import { createStore, useStore } from './store.js'

const meStore = createStore<MeResponse | undefined>(undefined)

/** Who the session is, once loaded; undefined before (or when the API did not say). */
export function useMe(): MeResponse | undefined {
  return useStore(meStore)
}

/** Sets the shared answer (the app after loading it; tests with hand-made data). */
export function setMe(me: MeResponse | undefined): void {
  meStore.set(me)
}

/** Whether `me` may accept, reject and reassign leads and see the MQL queue. */
export function canDecide(me: MeResponse | undefined): boolean {
  return me?.role === 'sales' || me?.role === 'admin'
}

/** Whether `me` may see the alert outbox (`GET /api/v1/alerts` lets in sales and admin). */
export function canSeeAlerts(me: MeResponse | undefined): boolean {
  return me?.role === 'sales' || me?.role === 'admin'
}

/** Whether `me` may resend a dead letter (`POST /api/v1/alerts/resend` is admin only). */
export function canResend(me: MeResponse | undefined): boolean {
  return me?.role === 'admin'
}
