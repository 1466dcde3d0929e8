/**
 * What a browser sends, as the collector stores it: page views, custom events and engagement
 * reports, each with the device's client fields, some delivered twice (the SDK's retry).
 */
import { type EventRow, type PartialEventRow, toDateTime64 } from '@leadhouse/warehouse/raw'
import { isPricingPath, pageTitle, SITE_ID } from './catalog.js'
import { type Context, SECOND, SHARES } from './context.js'
import type { Device } from './people.js'

/** Columns an event adds to those every browser event has (ids, times, the device's). */
export type EventFields = Partial<
  Omit<
    EventRow,
    'event_id' | 'site_id' | 'type' | 'ts' | 'client_ts' | 'received_at' | 'anonymous_id'
  >
>

/** The page an event is on, with its campaign columns on a visit's landing page. */
export type PageFields = Pick<EventRow, 'url' | 'path'> & EventFields

/** No campaign columns: every page of a visit but the first. */
export const NO_UTM: EventFields = {}

export class BrowserEvents {
  constructor(private readonly context: Context) {}

  pageview(
    device: Device,
    sid: string,
    at: number,
    page: PageFields,
    path: string,
    referrer: string,
  ): void {
    const { language, timezone, screen } = device.pageview
    this.event(device, sid, 'pageview', at, {
      ...page,
      title: pageTitle(path),
      referrer,
      is_pricing: isPricingPath(path),
      language,
      timezone,
      screen,
    })
  }

  custom(
    device: Device,
    sid: string,
    at: number,
    page: PageFields,
    utm: EventFields,
    name: string,
    props: Record<string, string>,
  ): void {
    this.event(device, sid, 'event', at, { ...page, ...utm, name, props: JSON.stringify(props) })
  }

  engagement(
    device: Device,
    sid: string,
    at: number,
    page: PageFields,
    utm: EventFields,
    visibleMs: number,
  ): void {
    const random = this.context.random
    const scroll = Math.min(
      100,
      Math.round(random.between(10, 100) * Math.min(1, visibleMs / 30_000 + 0.3)),
    )
    this.event(device, sid, 'engagement', at, {
      ...page,
      ...utm,
      engaged_ms: Math.round(visibleMs * random.between(0.6, 1)),
      scroll_depth: scroll,
    })
  }

  /**
   * One event of `type` from the device, received a moment later; nothing after the window.
   * A small share is delivered again, later: the same row with another `received_at`.
   */
  event(device: Device, sid: string, type: string, at: number, fields: EventFields): void {
    const { random, world, counts, out } = this.context
    if (at >= world.to) return
    if (!device.seen) {
      device.seen = true
      counts.visitors++
    }
    const ts = toDateTime64(at)
    const { client } = device
    const row: PartialEventRow = {
      event_id: random.uuid(),
      site_id: SITE_ID,
      type,
      ts,
      client_ts: ts,
      received_at: '',
      anonymous_id: device.id,
      session_id: sid,
      ...fields,
      browser: client.browser,
      browser_version: client.browser_version,
      os: client.os,
      device: client.device,
      ip: client.ip,
      country: client.country,
    }
    const received = at + random.lognormal(400, 0.8)
    row.received_at = toDateTime64(received)
    out.event(row)
    counts.events++
    if (random.chance(SHARES.duplicates)) {
      out.event({
        ...row,
        received_at: toDateTime64(received + random.lognormal(8 * SECOND, 1)),
      })
      counts.events++
      counts.duplicates++
    }
  }
}
