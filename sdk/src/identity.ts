import { load, save } from './storage.js'
import { uuid } from './uuid.js'

/**
 * The visitor's anonymous id (`a`: kept first-party so the history before a form fill joins the
 * lead) and session id (`sid`: renewed after 30 minutes without an event; `now` counts as
 * activity), kept together in `lh_id` as `anonymous.session.lastActivity`.
 */
export function visitorIds(now: number): { a: string; sid: string } {
  const [a = uuid(), id, last] = load('lh_id')?.split('.') ?? []
  // A session ends after 30 minutes without an event (written out: UglifyJS does not inline a
  // module constant here).
  const sid = id && now - +(last as string) < 30 * 60_000 ? id : uuid()
  save('lh_id', `${a}.${sid}.${now}`)
  return { a, sid }
}

/** Forgets who the visitor was (logout): the next event starts a new anonymous id and session. */
export const forgetIdentity = (): void => save('lh_id')
