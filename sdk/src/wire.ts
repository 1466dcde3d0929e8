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

/** Values custom events and identify traits may carry. */
export type WireProps = Record<string, string | number | boolean>

/**
 * What a form says beside the email, by position: company, job title, name (null where the form
 * has none). The collector names them (`FORM_TRAITS`).
 */
export type WireFormTraits = (string | null)[]

/** The trait names of `WireFormTraits`' positions. */
export const FORM_TRAITS = ['company', 'job_title', 'name'] as const

/** Keys every event carries. */
interface WireEventBase {
  /** Event id: a UUID made in the browser. Retries resend it; the warehouse dedups on it. */
  i: string
  /** When it happened, by the browser's clock: milliseconds since the Unix epoch. */
  ts: number
  /** Anonymous id: a UUID kept first-party for the visitor. Absent in cookieless mode. */
  a?: string
  /** Session id: a UUID renewed after 30 minutes without activity. Absent in cookieless mode. */
  sid?: string
  /** Full URL of the page. Campaign parameters (utm_*, click ids) are read from it server-side. */
  u: string
  /** Path of the page, starting with `/`; with hash routing, the hash follows it. */
  p: string
}

/** A page view. */
export interface WirePageview extends WireEventBase {
  t: 'pageview'
  /**
   * Referrer (`document.referrer`, '' for none): only on the first view after a page load. The
   * collector keeps it only when it is another site than the page's.
   */
  r?: string
  /** Document title. */
  ti?: string
  /**
   * Browser language (`navigator.language`): sent by earlier builds only. The collector reads
   * the language from the request's `Accept-Language`, which browsers derive from the same setting.
   */
  l?: string
  /** IANA time zone (`Europe/Berlin`). */
  z?: string
  /** Screen size, `WIDTHxHEIGHT` in CSS pixels. */
  sc?: string
  /**
   * Whether the path matches a pricing-page pattern of `data-pricing` (earlier builds sent 1 or
   * nothing). Absent without `data-pricing`: the collector matches the path against the default
   * pricing pages (`DEFAULT_PRICING` in paths.ts).
   */
  pr?: 1 | boolean
}

/** The visitor told us who they are: a form fill or `identify()`. */
export interface WireIdentify extends WireEventBase {
  t: 'identify'
  /** Email address as typed; the collector normalises it. */
  e: string
  /** Traits: whatever `identify()` was given, or a form's company, job title and name by position. */
  tr?: WireProps | WireFormTraits
}

/** A custom event: `track()`; earlier builds also sent outbound-link and download clicks as these. */
export interface WireCustom extends WireEventBase {
  t: 'event'
  /** Event name. */
  n: string
  /** Properties. */
  pp?: WireProps
}

/**
 * A click on a link to another host or to a path whose last segment has an extension. The
 * collector stores it as the custom event `outbound` (an http(s) link to another host) or
 * `download` (a file type of its list) with the property `url`, and drops any other.
 */
export interface WireLink extends WireEventBase {
  t: 'link'
  /** The link's absolute URL (`href`). */
  h: string
}

/** Engagement with the page since the last report, sent when the page is hidden or left. */
export interface WireEngagement extends WireEventBase {
  t: 'engagement'
  /** Visible time in milliseconds. */
  vt: number
  /**
   * Deepest scroll position reached, percent of the page height as measured: the collector
   * rounds it and caps it at 100 (a page that shrank gives more).
   */
  sd: number
}

export type WireEvent = WirePageview | WireIdentify | WireCustom | WireLink | WireEngagement
export type WireEventType = WireEvent['t']
