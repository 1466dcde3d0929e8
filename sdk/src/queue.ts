import { options } from './config.js'
import { attempt, doc, log, on, win } from './dom.js'
import { local, writable } from './storage.js'
import type { WireEvent } from './wire.js'

/** Events kept at most while the collector cannot be reached; the oldest go first. */
export const QUEUE_CAP = 100

let url: string
let events: WireEvent[]
let sending: 0 | 1 | undefined
let failures = 0
let timer: ReturnType<typeof setTimeout> | undefined
/**
 * The browser's own fetch, taken when the script runs, before forms hook the page's calls
 * (which ours are not).
 */
const post = fetch

/**
 * Delivers events in batches to the `api` option's `/e` and keeps them until the collector
 * acknowledged them: in localStorage while storage is on, so what a closed page could not
 * deliver is sent by the next one (the collector dedups on event id). `fetch` with `keepalive`
 * outlives the page like `sendBeacon`, and unlike it says whether the batch was stored; a
 * `text/plain` body needs no CORS preflight. Failures back off exponentially up to five minutes;
 * a 4xx other than 408 and 429 is final (the collector keeps what it refused). Coming back
 * online retries at once.
 */
export function startQueue(): void {
  url = `${options.api.replace(/\/$/, '')}/e`
  events = attempt(() => JSON.parse(local?.lh_q ?? 0)) || []
  on(win, 'online', send)
  // A page turning hidden (left too, after `pagehide`) reports its engagement, which sends: no
  // listener of its own here.
  send()
}

export function enqueue(event: WireEvent): void {
  events = [...events, event].slice(-QUEUE_CAP)
  send()
}

/** Drops every queued event (consent withdrawn). */
export function clearQueue(): void {
  events = []
  delete local?.lh_q
}

/** Keeps what waits, then sends the oldest batch unless one is on its way. */
const send = (): void => {
  // A full localStorage throws.
  attempt(() => {
    if (writable && local) local.lh_q = JSON.stringify(events)
  })
  // A hidden page (left, or maybe never shown again) does not wait for the request in flight,
  // whose answer it may never see; the collector dedups what both carry.
  if ((sending && !doc.hidden) || !events.length) return
  sending = 1
  // Small batches: 20 events in one request.
  const batch = events.slice(0, 20)
  const body = JSON.stringify({ s: options.site, e: batch })
  const done = (delivered: unknown) => {
    sending = 0
    if (delivered) {
      failures = 0
      events = events.filter((event) => !batch.includes(event))
      send()
    } else {
      clearTimeout(timer)
      timer = setTimeout(send, Math.min(1000 * 2 ** failures++, 300_000))
    }
  }
  try {
    // A network error is logged, and like a 5xx, a 408 or a 429 tried again later (a status is
    // 200 to 599: its digits tell, fewer bytes than three comparisons).
    // `1` is true to fetch (a byte less than the minifier's `!0`).
    post(url, { method: 'POST', body, keepalive: 1 as unknown as true })
      .then((response) => !/^(408|429|5)/.test(response.status as unknown as string), log)
      .then(done)
  } catch {
    done(navigator.sendBeacon(url, body))
  }
}
