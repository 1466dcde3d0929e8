import { DEFAULT_PRICING, pathMatcher } from '@leadhouse/sdk/paths'
import { FORM_TRAITS, type WireEvent, type WireFormTraits } from '@leadhouse/sdk/wire'
import { type EventRow, toDateTime64 } from '@leadhouse/warehouse/raw'
import type { ClientFields } from './enrich.js'

/** Browsers queue events while offline; older ones than this are stamped with arrival time. */
const MAX_CLIENT_LAG_MS = 30 * 24 * 3_600_000
/** Clocks run fast; a timestamp further ahead than this is not believed. */
const MAX_CLIENT_LEAD_MS = 5 * 60_000

/** The pricing pages of a site without `data-pricing`: the SDK leaves them to the collector. */
const DEFAULT_PRICING_PAGES = pathMatcher(DEFAULT_PRICING)

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const
/** Ad click ids in order of precedence when a URL carries more than one. */
export const CLICK_ID_KEYS = [
  'gclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'fbclid',
  'li_fat_id',
  'ttclid',
] as const

/** What the collector knows of the request an event came in. */
export interface RequestFacts {
  siteId: string
  receivedAt: number
  /** `receivedAt` as DateTime64 text, formatted once for all events of the request. */
  receivedAtText: string
  client: ClientFields
  /** The visitor id for events without one (cookieless mode). */
  cookielessVisitorId: () => string
  /** The browser's language: the first of the request's `Accept-Language` (`acceptedLanguage`). */
  language: string
}

/** File types whose links count as downloads. */
const DOWNLOAD_FILES = /\.(pdf|(doc|xls|ppt)x?|csv|zip|gz|dmg|exe|msi|apk|epub|mp[34])$/i

/**
 * What a link click the SDK sent is: `outbound` for an http(s) link to another host than the
 * page's (port included), `download` for a file of `DOWNLOAD_FILES` on the page's host, else
 * nothing: the SDK sends every link to another host or with an extension, and leaves the
 * choosing to the collector, which drops the rest (an internal `.html` page, a `mailto:` link).
 */
export function linkEventName(href: string, page: string): 'outbound' | 'download' | undefined {
  if (!URL.canParse(href) || !URL.canParse(page)) return undefined
  const link = new URL(href)
  if (!/^https?:$/.test(link.protocol)) return undefined
  if (link.host !== new URL(page).host) return 'outbound'
  return DOWNLOAD_FILES.test(link.pathname) ? 'download' : undefined
}

/**
 * Turns a validated wire event into an `events` row. A link click becomes the custom event
 * `linkEventName` names; the caller drops the clicks it names none (not refused: not malformed).
 */
export function toEventRow(
  event: WireEvent,
  { siteId, receivedAt, receivedAtText, client, cookielessVisitorId, language }: RequestFacts,
): EventRow {
  const believable =
    event.ts >= receivedAt - MAX_CLIENT_LAG_MS && event.ts <= receivedAt + MAX_CLIENT_LEAD_MS
  const params = queryOf(event.u)
  const clickIdType = params && CLICK_ID_KEYS.find((key) => params.get(key))
  const clientTs = toDateTime64(event.ts)
  // Every field written out in one literal: V8 builds `{ ...client, <30 fields> }` as a
  // dictionary-mode object, slower than the rest of an event's handling together
  // (docs/performance.md).
  const row: EventRow = {
    browser: client.browser,
    browser_version: client.browser_version,
    os: client.os,
    device: client.device,
    is_bot: client.is_bot,
    ip: client.ip,
    country: client.country,
    event_id: event.i,
    site_id: siteId,
    type: event.t,
    ts: believable ? clientTs : receivedAtText,
    client_ts: clientTs,
    received_at: receivedAtText,
    anonymous_id: event.a ?? cookielessVisitorId(),
    session_id: event.sid ?? '',
    url: event.u,
    path: event.p,
    title: '',
    referrer: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    click_id_type: clickIdType ?? '',
    click_id: clickIdType ? (params?.get(clickIdType) ?? '') : '',
    email: '',
    name: '',
    props: '{}',
    is_pricing: false,
    language: '',
    timezone: '',
    screen: '',
    engaged_ms: 0,
    scroll_depth: 0,
  }
  switch (event.t) {
    case 'pageview':
      row.title = event.ti ?? ''
      row.referrer = externalReferrer(event.r, event.u)
      // Earlier SDK builds sent `navigator.language` (events they queued may still come).
      row.language = event.l ?? language
      row.timezone = event.z ?? ''
      row.screen = event.sc ?? ''
      row.is_pricing = event.pr === undefined ? DEFAULT_PRICING_PAGES.test(event.p) : !!event.pr
      break
    case 'identify':
      // The email is the one key every marketing tool uses for a person: one spelling of it.
      row.email = event.e.trim().toLowerCase()
      row.props = JSON.stringify(
        Array.isArray(event.tr) ? namedFormTraits(event.tr) : (event.tr ?? {}),
      )
      break
    case 'event':
      row.name = event.n
      row.props = JSON.stringify(event.pp ?? {})
      break
    case 'link':
      row.type = 'event'
      row.name = linkEventName(event.h, event.u) ?? ''
      row.props = JSON.stringify({ url: event.h })
      break
    case 'engagement':
      row.engaged_ms = event.vt
      // The SDK sends the percent as measured: unrounded, over 100 when the page shrank.
      row.scroll_depth = Math.min(100, Math.round(event.sd))
      break
  }
  if (params) for (const key of UTM_KEYS) row[key] = params.get(key) ?? ''
  return row
}

/** A form's traits, sent by position (`WireFormTraits`), by their names; none for null. */
export function namedFormTraits(traits: WireFormTraits): Record<string, string> {
  const named: Record<string, string> = {}
  FORM_TRAITS.forEach((name, index) => {
    const value = traits[index]
    if (value) named[name] = value
  })
  return named
}

/**
 * The referrer when it is another site than the page's (its host, port included, differs), else
 * ''. The SDK sends the referrer of a page load's first view as the browser gives it; a link
 * from the site's own pages is not where the visitor came from.
 */
export function externalReferrer(referrer: string | undefined, url: string): string {
  return referrer && referrer.split('/')[2] !== url.split('/')[2] ? referrer : ''
}

/**
 * The first language of an `Accept-Language` header (`de-DE,de;q=0.9,en;q=0.8` → `de-DE`): the
 * browser's `navigator.language`, which the SDK leaves to the header. '' for none, `*`, or
 * anything that is not a language tag.
 */
export function acceptedLanguage(header = ''): string {
  const first = header.split(/[,;]/)[0]?.trim() ?? ''
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(first) ? first.slice(0, 35) : ''
}

/**
 * The query parameters of a URL, or nothing when it has none: most page URLs carry no campaign
 * parameters, and parsing a whole URL per event is the costliest step of its handling.
 */
function queryOf(url: string): URLSearchParams | undefined {
  const start = url.indexOf('?')
  if (start === -1) return undefined
  const end = url.indexOf('#', start)
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end))
}
