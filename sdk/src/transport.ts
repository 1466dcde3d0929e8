import type { WireBatch } from './wire.js'

/**
 * Sends a batch. A `text/plain` body is a CORS "simple request": no preflight, and
 * `sendBeacon` delivers it even while the page unloads.
 */
export function send(api: string, batch: WireBatch): void {
  const url = `${api}/e`
  const body = JSON.stringify(batch)
  if (navigator.sendBeacon?.(url, body)) return
  fetch(url, {
    method: 'POST',
    body,
    keepalive: true,
    headers: { 'content-type': 'text/plain' },
  }).catch(() => {})
}
