import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WireEvent } from './wire.js'

type Lh = ((...args: unknown[]) => void) & { q?: unknown[] }
const global = window as unknown as { lh?: Lh }

/** Runs the script-tag entry as the browser would, with `currentScript` set. */
async function loadScriptTag(attributes: Record<string, string>) {
  const tag = document.createElement('script')
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value)
  Object.defineProperty(document, 'currentScript', { value: tag, configurable: true })
  vi.resetModules()
  await import('./index.js')
  await new Promise((resolve) => setTimeout(resolve, 0))
}

/** happy-dom says it is automated (it is); these tests play a person's browser. */
function asVisitor(): void {
  Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true })
}

describe('script tag entry', () => {
  const sent: WireEvent[] = []

  beforeEach(() => {
    sent.length = 0
    localStorage.clear()
    Reflect.deleteProperty(global, 'lh')
    asVisitor()
    history.replaceState(null, '', 'https://www.acme.test/pricing')
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        sent.push(...JSON.parse(init.body as string).e)
        return { status: 202 } as Response
      }),
    )
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    Reflect.deleteProperty(Navigator.prototype, 'webdriver')
  })

  it('replays calls the page made to the queue stub before the script loaded', async () => {
    const stub: Lh = (...args) => {
      stub.q = stub.q ?? []
      stub.q.push(args)
    }
    global.lh = stub
    global.lh('track', 'early', { a: 1 })
    await loadScriptTag({ src: 'https://collect.test/lh.js', 'data-site': 'acme' })
    expect(sent.map((e) => e.t)).toEqual(['pageview', 'event'])
    global.lh?.('track', 'later')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(sent.map((e) => (e.t === 'event' ? e.n : e.t))).toEqual(['pageview', 'early', 'later'])
  })

  it('starts once when loaded twice', async () => {
    await loadScriptTag({ src: 'https://collect.test/lh.js', 'data-site': 'acme' })
    await loadScriptTag({ src: 'https://collect.test/lh.js', 'data-site': 'acme' })
    expect(sent.filter((e) => e.t === 'pageview')).toHaveLength(1)
  })

  it('never throws into the page: not from a bad command, not when sending fails', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('fetch broken')
    })
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: () => false })
    await expect(loadScriptTag({ src: '/lh.js', 'data-site': 'acme' })).resolves.toBeUndefined()
    expect(() => global.lh?.('no-such-command')).not.toThrow()
    expect(() => global.lh?.('identify', null)).not.toThrow()
  })

  it('does nothing without data-site', async () => {
    await loadScriptTag({ src: '/lh.js' })
    expect(sent).toEqual([])
    expect(global.lh).toBeUndefined()
  })
})
