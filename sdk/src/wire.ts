/**
 * The wire format between the SDK and the collector's `POST /e`: the one place every key is
 * documented. Keys are short because they travel in every request and ship in the SDK's
 * 2 KB budget; the collector's zod schema is checked against these types at compile time.
 */

/** One request body: a batch of events from one site. */
export interface WireBatch {
  /** Site key, from the script tag's `data-site`. */
  s: string
  /** The events, oldest first. */
  e: WireEvent[]
}

export type WireEventType = 'pageview'

export interface WireEvent {
  /** Event id: a UUID made in the browser. Retries resend it; the warehouse dedups on it. */
  i: string
  /** Event type. */
  t: WireEventType
  /** When it happened, by the browser's clock: milliseconds since the Unix epoch. */
  ts: number
  /** Anonymous id: a UUID kept first-party for the visitor. */
  a: string
  /** Full URL of the page. Campaign parameters (utm_*, click ids) are read from it server-side. */
  u: string
  /** Path of the page, starting with `/`. */
  p: string
  /** Referrer: only when it is another site; absent for internal navigation and direct visits. */
  r?: string
}
