import { options } from './config.js'
import { loc } from './dom.js'
import { forgetIdentity, visitorIds } from './identity.js'
import { clearQueue, enqueue, startQueue } from './queue.js'
import { allow, granted, load, save } from './storage.js'
import { uuid } from './uuid.js'
import type { WireEvent, WireEventType, WireFormTraits, WireProps } from './wire.js'

/** The current page's path, with the hash under hash routing. */
export const path = (): string => loc.pathname + (options.hash ? loc.hash : '')

/**
 * Starts the event path: consent as stored ('1' given, '0' refused; none: given unless
 * required), storage, delivery.
 */
export function startEvents(): void {
  const stored = load('lh_c')
  allow(stored ? stored > '0' : !options.consent)
  startQueue()
}

/**
 * Records an event of `type`: the keys every event carries, then `fields`, which may override
 * them (engagement reports the page it measured). Without consent nothing is recorded.
 */
export const emit = (type: WireEventType, fields: Record<string, unknown>): void => {
  if (!granted) return
  const ts = Date.now()
  enqueue({
    i: uuid(),
    t: type,
    ts,
    u: loc.href,
    p: path(),
    ...(!options.cookieless && visitorIds(ts)),
    ...fields,
  } as WireEvent)
}

/**
 * Gives or withdraws consent, and returns `given`. Withdrawing deletes the ids and the queue; an
 * opt-out is kept so it outlasts the page (under required consent, having no record already
 * means no).
 */
export function setConsent(given: boolean): boolean {
  allow(given)
  if (!given) {
    clearQueue()
    forgetIdentity()
  }
  save('lh_c', given ? '1' : options.consent ? undefined : '0', !given)
  return given
}

/** An email address. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Says who the visitor is, when `email` is an email address. */
export const identify = (email?: string, traits?: WireProps | WireFormTraits): void => {
  // `'' +` is `String()` for anything but a symbol (which throws, and `lh` swallows).
  email = ('' + email).trim()
  if (EMAIL.test(email)) emit('identify', { e: email, tr: traits })
}

/** Records a custom event. */
export const track = (name: string, props?: WireProps): void =>
  emit('event', { n: '' + name, pp: props })
