import { uuid } from './uuid.js'
import type { WireEvent } from './wire.js'

/** A page view of the current page. */
export function pageview(anonymousId: string, now = Date.now()): WireEvent {
  const event: WireEvent = {
    i: uuid(),
    t: 'pageview',
    ts: now,
    a: anonymousId,
    u: location.href,
    p: location.pathname,
  }
  const referrer = externalReferrer(document.referrer, location.host)
  if (referrer) event.r = referrer
  return event
}

/** The referrer when it is another site; internal navigation is not a referral. */
export function externalReferrer(referrer: string, host: string): string | undefined {
  if (!referrer) return undefined
  try {
    return new URL(referrer).host === host ? undefined : referrer
  } catch {
    return undefined
  }
}
