import { describe, expect, it } from 'vitest'
import { forwardedAddress } from './forwarded-for.js'

describe('forwardedAddress', () => {
  it('trusts no header without trusted proxies', () => {
    expect(forwardedAddress('203.0.113.9', 0)).toBeUndefined()
  })

  it('takes the entry the outermost trusted proxy appended, counted from the right', () => {
    expect(forwardedAddress('198.51.100.1, 203.0.113.9', 1)).toBe('203.0.113.9')
    expect(forwardedAddress('198.51.100.1, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9')
    // Fewer entries than proxies: the first there is.
    expect(forwardedAddress('203.0.113.9, 10.0.0.2', 3)).toBe('203.0.113.9')
  })

  it('has none in a missing or empty header', () => {
    expect(forwardedAddress(undefined, 1)).toBeUndefined()
    expect(forwardedAddress(' , ', 1)).toBeUndefined()
  })
})
