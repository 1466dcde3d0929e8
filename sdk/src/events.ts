import type { Options } from './config.js'
import { loc } from './dom.js'
import { anonymousId, forgetIdentity, sessionId } from './identity.js'
import { clearQueue, enqueue, startQueue } from './queue.js'
import { load, save, storage } from './storage.js'
import { uuid } from './uuid.js'
import type { WireEvent, WireEventType } from './wire.js'

/** The options the tracker started with. */
export let options: Options = { site: '' }
/** '1' given, '0' refused, '' pending (consent required and not given yet). */
let consent = ''

/** The current page's path, with the hash under hash routing. */
export const path = (): string => loc.pathname + (options.hash ? loc.hash : '')

/** Starts the event path with `start` options: consent state, storage, delivery. */
export function startEvents(start: Options): void {
  options = start
  consent = load('lh_c') ?? (options.consent === 'required' ? '' : '1')
  allowStorage()
  startQueue(options.api ?? loc.origin, options.site, () => storage.on)
}

/**
 * Records an event of `type`: the keys every event carries, then `fields`, which may override
 * them (engagement reports the page it measured). Without consent nothing is recorded.
 */
export function emit(type: WireEventType, fields: Record<string, unknown>): void {
  if (consent !== '1') return
  const event = {
    i: uuid(),
    t: type,
    ts: Date.now(),
    u: loc.href,
    p: path(),
    ...fields,
  } as WireEvent
  if (!options.cookieless) {
    event.a = anonymousId()
    event.sid = sessionId(event.ts)
  }
  enqueue(event)
}

/**
 * Gives or withdraws consent. Withdrawing deletes the ids and the queue; an opt-out is kept so
 * it outlasts the page (under required consent, having no record already means no).
 */
export function setConsent(given: boolean): void {
  consent = given ? '1' : '0'
  allowStorage()
  if (given) {
    save('lh_c', consent)
  } else {
    clearQueue()
    forgetIdentity()
    save('lh_c', options.consent === 'required' ? undefined : consent, true)
  }
}

function allowStorage(): void {
  storage.on = consent === '1' && !options.cookieless
}
