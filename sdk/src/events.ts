import { options } from './config.js'
import { loc } from './dom.js'
import { anonymousId, forgetIdentity, sessionId } from './identity.js'
import { clearQueue, enqueue, startQueue } from './queue.js'
import { load, save, storage } from './storage.js'
import { uuid } from './uuid.js'
import type { WireEvent, WireEventType } from './wire.js'

/** '1' given, '0' refused, '' pending (consent required and not given yet). */
let consent = ''

/** The current page's path, with the hash under hash routing. */
export const path = (): string => loc.pathname + (options.hash ? loc.hash : '')

/** Starts the event path: consent state, storage, delivery. */
export function startEvents(): void {
  applyConsent(load('lh_c') ?? (options.consent ? '' : '1'))
  startQueue()
}

/**
 * Records an event of `type`: the keys every event carries, then `fields`, which may override
 * them (engagement reports the page it measured). Without consent nothing is recorded.
 */
export function emit(type: WireEventType, fields: Record<string, unknown>): void {
  if (consent !== '1') return
  const ts = Date.now()
  enqueue({
    i: uuid(),
    t: type,
    ts,
    u: loc.href,
    p: path(),
    ...(options.cookieless ? {} : { a: anonymousId(), sid: sessionId(ts) }),
    ...fields,
  } as WireEvent)
}

/**
 * Sets the consent state: '1' given, '0' refused, '' pending. Storage is on with consent, unless
 * cookieless.
 */
function applyConsent(state: string): void {
  consent = state
  storage.on = state === '1' && !options.cookieless
}

/**
 * Gives or withdraws consent. Withdrawing deletes the ids and the queue; an opt-out is kept so
 * it outlasts the page (under required consent, having no record already means no).
 */
export function setConsent(given: boolean): void {
  applyConsent(given ? '1' : '0')
  if (!given) {
    clearQueue()
    forgetIdentity()
  }
  save('lh_c', given || !options.consent ? consent : undefined, !given)
}
