import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The webhook signature, Stripe's scheme: `X-Leadhouse-Signature: t=<unix seconds>,v1=<hex>`,
 * where v1 is HMAC-SHA256 with the destination's secret over `<t>.<body>`. The timestamp in the
 * signed text lets a receiver refuse a replay older than its tolerance (docs/hand-over.md).
 */
export const SIGNATURE_HEADER = 'x-leadhouse-signature'

/** Five minutes, Stripe's default: a receiver refuses a signature older (or newer) than this. */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** The header's value for `body` signed at `timestamp` (unix seconds). */
export function signBody(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, `${timestamp}.${body}`)}`
}

/**
 * Whether `header` signs `body` with `secret`, within `toleranceSeconds` of `now` (ms). Compares
 * in constant time; any v1 given may match (a receiver rotating secrets gets one per secret).
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now() } = {},
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='))
  const t = parts.find(([key]) => key === 't')?.[1]
  if (!t || !/^\d+$/.test(t)) return false
  if (Math.abs(now / 1000 - Number(t)) > toleranceSeconds) return false
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex')
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !value || !/^[0-9a-f]{64}$/.test(value)) return false
    return timingSafeEqual(Buffer.from(value, 'hex'), expected)
  })
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex')
}
