import { describe, expect, it } from 'vitest'
import { signBody, verifySignature } from './signature.js'

const SECRET = 'whsec_0123456789abcdef0123456789abcdef'
const BODY = '{"alert_id":"a1","score":72}'

describe('webhook signatures', () => {
  const now = Date.UTC(2026, 11, 7, 12)
  const t = Math.floor(now / 1000)

  it('verifies a body signed with the same secret', () => {
    const header = signBody(SECRET, BODY, t)
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(verifySignature(SECRET, BODY, header, { now })).toBe(true)
  })

  it('refuses a tampered body, another secret, and a malformed header', () => {
    const header = signBody(SECRET, BODY, t)
    expect(verifySignature(SECRET, BODY.replace('72', '99'), header, { now })).toBe(false)
    expect(verifySignature(`${SECRET}x`, BODY, header, { now })).toBe(false)
    expect(verifySignature(SECRET, BODY, header.replace(/v1=../, 'v1=zz'), { now })).toBe(false)
    expect(verifySignature(SECRET, BODY, 'v1=abc', { now })).toBe(false)
  })

  it('refuses a timestamp outside the tolerance (a replay)', () => {
    const header = signBody(SECRET, BODY, t - 301)
    expect(verifySignature(SECRET, BODY, header, { now })).toBe(false)
    expect(verifySignature(SECRET, BODY, header, { now, toleranceSeconds: 600 })).toBe(true)
  })

  it('accepts any of several v1 signatures (a receiver rotating secrets)', () => {
    const header = `${signBody('another-secret-another-secret-xx', BODY, t)},${signBody(SECRET, BODY, t).split(',')[1]}`
    expect(verifySignature(SECRET, BODY, header, { now })).toBe(true)
  })
})
