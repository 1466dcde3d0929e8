import { beforeEach, describe, expect, it } from 'vitest'
import { anonymousId } from './identity.js'

describe('anonymousId', () => {
  beforeEach(() => localStorage.clear())

  it('keeps one id per visitor in localStorage', () => {
    const first = anonymousId()
    expect(first).toMatch(/^[0-9a-f-]{36}$/)
    expect(anonymousId()).toBe(first)
    expect(localStorage.getItem('lh_aid')).toBe(first)
  })

  it('still gives an id when storage throws', () => {
    const blocked = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError')
      },
    } as unknown as Storage
    expect(anonymousId(blocked)).toMatch(/^[0-9a-f-]{36}$/)
  })
})
