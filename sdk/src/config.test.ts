import { describe, expect, it } from 'vitest'
import { configFromScript } from './config.js'

function script(attributes: Record<string, string>): HTMLScriptElement {
  const element = document.createElement('script')
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
  return element
}

describe('configFromScript', () => {
  it('takes the site from data-site and the collector from the script origin', () => {
    expect(
      configFromScript(script({ src: 'https://stats.acme.test/lh.js', 'data-site': 'acme' })),
    ).toEqual({
      site: 'acme',
      api: 'https://stats.acme.test',
    })
  })

  it('prefers data-api, without a trailing slash', () => {
    const tag = script({
      src: '/lh.js',
      'data-site': 'acme',
      'data-api': 'https://collect.acme.test/',
    })
    expect(configFromScript(tag)?.api).toBe('https://collect.acme.test')
  })

  it('does nothing without a site', () => {
    expect(configFromScript(script({ src: '/lh.js' }))).toBeUndefined()
    expect(configFromScript(null)).toBeUndefined()
  })
})
