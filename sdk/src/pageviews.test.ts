import { describe, expect, it } from 'vitest'
import { externalReferrer } from './pageviews.js'

describe('externalReferrer', () => {
  it('keeps a referrer from another site', () => {
    expect(externalReferrer('https://www.google.com/search?q=x', 'acme.test')).toBe(
      'https://www.google.com/search?q=x',
    )
  })

  it.each([
    ['internal navigation', 'https://acme.test/pricing'],
    ['no referrer', ''],
    ['a referrer that is not a URL', 'android-app'],
  ])('drops %s', (_, referrer) => {
    expect(externalReferrer(referrer, 'acme.test')).toBeUndefined()
  })
})
