import { describe, expect, it } from 'vitest'
import { DEFAULT_PRICING, pathMatcher } from './paths.js'

describe('pathMatcher', () => {
  it('matches a path and the paths below it, not lookalikes', () => {
    const pricing = (path: string) => pathMatcher('/pricing, /plans').test(path)
    expect(['/pricing', '/pricing/', '/pricing/team', '/plans'].map(pricing)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect(['/pricing-old', '/about/pricing', '/'].map(pricing)).toEqual([false, false, false])
  })

  it('lets * stand for any characters', () => {
    const anyDepth = (path: string) => pathMatcher('*/preise').test(path)
    expect(['/preise', '/de/preise', '/de/preise/team'].map(anyDepth)).toEqual([true, true, true])
    expect(pathMatcher('/admin*').test('/administrator/users')).toBe(true)
  })

  it('matches nothing without patterns', () => {
    expect(pathMatcher().test('/anything')).toBe(false)
    expect(pathMatcher('').test('/')).toBe(false)
  })
})

describe('DEFAULT_PRICING', () => {
  it('matches pricing pages at any depth', () => {
    const pricing = pathMatcher(DEFAULT_PRICING)
    expect(
      ['/pricing', '/de/preise', '/prices/team', '/en/plans'].map((p) => pricing.test(p)),
    ).toEqual([true, true, true, true])
    expect(['/', '/planscape', '/docs/pricing-faq'].map((p) => pricing.test(p))).toEqual([
      false,
      false,
      false,
    ])
  })
})
