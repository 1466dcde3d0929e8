import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/** Runs the script-tag entry as the browser would, with `currentScript` set. */
async function loadScriptTag(attributes: Record<string, string>) {
  const tag = document.createElement('script')
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value)
  Object.defineProperty(document, 'currentScript', { value: tag, configurable: true })
  vi.resetModules()
  await import('./index.js')
}

describe('script tag entry', () => {
  const sent: { url: string; body: unknown }[] = []

  beforeEach(() => {
    sent.length = 0
    localStorage.clear()
    history.replaceState(null, '', '/pricing?utm_source=google')
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, body: string) => {
        sent.push({ url, body: JSON.parse(body) })
        return true
      },
    })
  })
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'sendBeacon')
  })

  it('sends one page view of the current page to the collector', async () => {
    await loadScriptTag({ src: 'https://collect.acme.test/lh.js', 'data-site': 'acme' })
    expect(sent).toHaveLength(1)
    expect(sent[0]?.url).toBe('https://collect.acme.test/e')
    expect(sent[0]?.body).toEqual({
      s: 'acme',
      e: [
        {
          i: expect.stringMatching(/^[0-9a-f-]{36}$/),
          t: 'pageview',
          ts: expect.any(Number),
          a: localStorage.getItem('lh_aid'),
          u: `${location.origin}/pricing?utm_source=google`,
          p: '/pricing',
        },
      ],
    })
  })

  it('never throws into the page, even when sending fails', async () => {
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: () => {
        throw new Error('beacon broken')
      },
    })
    await expect(loadScriptTag({ src: '/lh.js', 'data-site': 'acme' })).resolves.toBeUndefined()
  })

  it('sends nothing without data-site', async () => {
    await loadScriptTag({ src: '/lh.js' })
    expect(sent).toEqual([])
  })
})
