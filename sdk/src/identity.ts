import { load, save } from './storage.js'
import { uuid } from './uuid.js'

/** A session ends after this long without an event. */
export const SESSION_TIMEOUT_MS = 30 * 60_000

/** The visitor's anonymous id: kept first-party so the history before a form fill joins the lead. */
export function anonymousId(): string {
  const id = load('lh_aid') ?? uuid()
  save('lh_aid', id)
  return id
}

/** The session id, renewed after 30 minutes without an event; `now` counts as activity. */
export function sessionId(now: number): string {
  const [id, last] = (load('lh_sid') ?? '').split('.')
  const current = id && now - +(last as string) < SESSION_TIMEOUT_MS ? id : uuid()
  save('lh_sid', `${current}.${now}`)
  return current
}

/** Forgets who the visitor was (logout): the next event starts a new anonymous id and session. */
export function forgetIdentity(): void {
  save('lh_aid')
  save('lh_sid')
}
