import { describe, expect, it } from 'vitest'
import { OneTimeLogins } from './one-time-logins.js'

describe('OneTimeLogins', () => {
  it('logs in once per token, as the key it was made for', () => {
    const logins = new OneTimeLogins()
    const token = logins.create('k_read')
    const other = logins.create('k_other')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(logins.redeem(token)).toBe('k_read')
    expect(logins.redeem(token)).toBeUndefined()
    expect(logins.redeem(other)).toBe('k_other')
  })

  it('refuses an expired token, an unknown one and one of another process', () => {
    let now = 1_000_000
    const logins = new OneTimeLogins(60_000, () => now)
    const token = logins.create('k_read')
    now += 60_000
    expect(logins.redeem(token)).toBeUndefined()
    expect(logins.redeem('A'.repeat(43))).toBeUndefined()
    expect(logins.redeem('not a token')).toBeUndefined()
    expect(new OneTimeLogins().redeem(new OneTimeLogins().create('k_read'))).toBeUndefined()
  })
})
