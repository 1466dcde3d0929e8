import { describe, expect, it } from 'vitest'
import * as config from './config.js'

/** Configures from `script`; the page's options, or undefined when it was not configured. */
const optionsFromScript = (script: HTMLScriptElement | null) =>
  config.configureFromScript(script) ? config.options : undefined

function script(attributes: Record<string, string>): HTMLScriptElement {
  const element = document.createElement('script')
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
  return element
}

describe('configureFromScript', () => {
  // A bare attribute (`data-local`) is true too: happy-dom does not enumerate empty data
  // attributes, Chromium does, and test/sdk-in-browser.test.ts relies on `data-local`.
  it('reads every data- attribute: "false" is false, others kept', () => {
    const tag = script({
      src: 'https://stats.acme.test/lh.js',
      'data-site': 'acme',
      'data-hash': 'true',
      'data-dnt': 'false',
      'data-consent': 'required',
      'data-pricing': '/pricing,/de/preise',
    })
    expect(optionsFromScript(tag)).toEqual({
      site: 'acme',
      api: 'https://stats.acme.test',
      // Kept as written: on, like any text but "false".
      hash: 'true',
      dnt: false,
      consent: 'required',
      pricing: '/pricing,/de/preise',
    })
  })

  it('prefers data-api over the script origin', () => {
    const tag = script({
      src: 'https://cdn.test/lh.js',
      'data-site': 'acme',
      'data-api': 'https://collect.acme.test',
    })
    expect(optionsFromScript(tag)?.api).toBe('https://collect.acme.test')
  })

  it('gives nothing without a site', () => {
    expect(optionsFromScript(script({ src: '/lh.js' }))).toBeUndefined()
    expect(optionsFromScript(null)).toBeUndefined()
  })
})
