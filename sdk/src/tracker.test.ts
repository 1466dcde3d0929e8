import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Options } from './config.js'
import type { WireEvent } from './wire.js'

let trackers = 0

/**
 * Starts a fresh tracker on `url` and collects what it sends. Trackers of earlier tests still
 * listen on this window (a browser has one per page), so each sends to its own collector URL.
 */
async function track(options: Partial<Options> = {}, url = 'https://www.acme.test/') {
  vi.resetModules()
  setUrl(url)
  const collector = `https://collect.test/${++trackers}`
  const sent: WireEvent[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (target: string, init: RequestInit) => {
      if (target === `${collector}/e`) sent.push(...JSON.parse(init.body as string).e)
      return { status: 202 } as Response
    }),
  )
  ;(await import('./config.js')).configure({ site: 'acme', api: collector, ...options })
  const { createTracker } = await import('./tracker.js')
  const api = createTracker()
  await new Promise((resolve) => setTimeout(resolve, 0))
  return { api, sent, settle: () => new Promise((resolve) => setTimeout(resolve, 0)) }
}

/** Moves the page to `url`, another origin included. */
function setUrl(url: string): void {
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url)
}

/** happy-dom says it is automated (it is); these tests play a person's browser. */
function asVisitor(): void {
  Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true })
}

const paths = (sent: WireEvent[]) => sent.filter((e) => e.t === 'pageview').map((e) => e.p)

describe('createTracker', () => {
  beforeEach(() => {
    localStorage.clear()
    asVisitor()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    Reflect.deleteProperty(Navigator.prototype, 'globalPrivacyControl')
    Reflect.deleteProperty(Navigator.prototype, 'webdriver')
  })

  it('records the first page view with what every event carries', async () => {
    const { sent } = await track()
    expect(sent).toEqual([
      expect.objectContaining({
        t: 'pageview',
        u: 'https://www.acme.test/',
        p: '/',
        i: expect.stringMatching(/^[0-9a-f-]{36}$/),
        a: localStorage.getItem('lh_id')?.split('.')[0],
        sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ts: expect.any(Number),
      }),
    ])
  })

  it('counts SPA navigation, once per path, leaving the default pricing pages to the collector', async () => {
    const { sent, settle } = await track()
    history.pushState(null, '', '/de/preise')
    history.replaceState(null, '', '/de/preise?plan=team')
    history.pushState(null, '', '/docs')
    await settle()
    expect(paths(sent)).toEqual(['/', '/de/preise', '/docs'])
    for (const view of sent) expect(view).not.toHaveProperty('pr')
  })

  it('flags the pricing pages of data-pricing, and says no on the others', async () => {
    const { sent, settle } = await track({ pricing: '*/angebot' })
    history.pushState(null, '', '/de/angebot/team')
    history.pushState(null, '', '/pricing')
    await settle()
    const views = sent.filter((e) => e.t === 'pageview')
    expect(views.map((e) => [e.p, e.pr])).toEqual([
      ['/', false],
      ['/de/angebot/team', true],
      ['/pricing', false],
    ])
  })

  it('with hash routing, counts hash changes and keeps the hash in the path', async () => {
    const { sent, settle } = await track({ hash: true }, 'https://www.acme.test/app#/home')
    location.hash = '#/settings'
    // What browsers fire for a hash change, before `hashchange`.
    window.dispatchEvent(new PopStateEvent('popstate'))
    await settle()
    expect(paths(sent)).toEqual(['/app#/home', '/app#/settings'])
  })

  it('leaves excluded paths out, their engagement too', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const { sent, settle } = await track({ exclude: '/admin,/internal*' })
      vi.setSystemTime(Date.now() + 1000)
      history.pushState(null, '', '/admin/users')
      vi.setSystemTime(Date.now() + 1000)
      history.pushState(null, '', '/internal-tools')
      vi.setSystemTime(Date.now() + 1000)
      history.pushState(null, '', '/blog')
      await settle()
      expect(paths(sent)).toEqual(['/', '/blog'])
      expect(sent.filter((e) => e.t === 'engagement').map((e) => e.p)).toEqual(['/'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('counts a restore from the back/forward cache', async () => {
    const { sent, settle } = await track()
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }))
    await settle()
    expect(paths(sent)).toEqual(['/', '/'])
  })

  it('sends custom events and identifies with traits', async () => {
    const { api, sent, settle } = await track()
    api?.track('signup', { plan: 'team' })
    api?.identify(' ada@example.com ', { company: 'Engines' })
    api?.identify('not-an-email')
    await settle()
    expect(sent.slice(1)).toEqual([
      expect.objectContaining({ t: 'event', n: 'signup', pp: { plan: 'team' } }),
      expect.objectContaining({ t: 'identify', e: 'ada@example.com', tr: { company: 'Engines' } }),
    ])
  })

  it('sends clicks on links to other hosts and to files, for the collector to name', async () => {
    const { sent, settle } = await track()
    document.body.innerHTML =
      '<a id="out" href="https://partner.test/x">p</a><a id="pdf" href="/guide.pdf">g</a><a id="in" href="/about">a</a><a id="top" href="#top"><b id="inner">t</b></a><a id="js" href="javascript:void(0)">j</a>'
    for (const id of ['out', 'pdf', 'in', 'inner', 'js']) {
      const element = document.getElementById(id) as HTMLElement
      element.addEventListener('click', (event) => event.preventDefault())
      element.click()
    }
    await settle()
    expect(sent.filter((e) => e.t !== 'pageview')).toEqual([
      expect.objectContaining({ t: 'link', h: 'https://partner.test/x', p: '/' }),
      expect.objectContaining({ t: 'link', h: 'https://www.acme.test/guide.pdf', p: '/' }),
    ])
  })

  it('reports visible time and scroll depth of each page when it turns hidden or is left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const { sent, settle } = await track({}, 'https://www.acme.test/guide')
      vi.setSystemTime(Date.now() + 5000)
      history.pushState(null, '', '/next')
      vi.setSystemTime(Date.now() + 2000)
      Object.defineProperty(document, 'hidden', { value: true, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
      // Time while hidden is not counted.
      vi.setSystemTime(Date.now() + 60_000)
      Reflect.deleteProperty(document, 'hidden')
      document.dispatchEvent(new Event('visibilitychange'))
      await settle()
      // A hidden page resends what is in flight (the collector dedups by event id).
      const engagement = new Map(sent.filter((e) => e.t === 'engagement').map((e) => [e.i, e]))
      expect([...engagement.values()]).toEqual([
        expect.objectContaining({ p: '/guide', vt: 5000, sd: expect.any(Number) }),
        expect.objectContaining({ p: '/next', vt: 2000, sd: expect.any(Number) }),
      ])
    } finally {
      Reflect.deleteProperty(document, 'hidden')
      vi.useRealTimers()
    }
  })

  it.each([
    [
      'Global Privacy Control',
      {},
      () =>
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
          get: () => true,
          configurable: true,
        }),
    ],
    ['localhost without local', {}, () => setUrl('http://localhost:3000/')],
    ['an automated browser', {}, () => Reflect.deleteProperty(Navigator.prototype, 'webdriver')],
  ])('does not track under %s', async (_, options, arrange) => {
    vi.resetModules()
    arrange()
    ;(await import('./config.js')).configure({
      site: 'acme',
      api: 'https://collect.test',
      ...options,
    })
    const { createTracker } = await import('./tracker.js')
    expect(createTracker()).toBeUndefined()
  })

  it('under required consent stores and sends nothing until given, then records the page', async () => {
    const { api, sent, settle } = await track({ consent: 'required' })
    api?.track('too-early')
    await settle()
    expect(sent).toEqual([])
    expect(Object.keys(localStorage)).toEqual([])
    api?.consent(true)
    await settle()
    expect(sent.map((e) => e.t)).toEqual(['pageview'])
    expect(localStorage.getItem('lh_c')).toBe('1')
  })

  it('withdrawn consent deletes the ids and is remembered', async () => {
    const { api, sent, settle } = await track()
    api?.consent(false)
    api?.track('after-opt-out')
    await settle()
    expect(sent.map((e) => e.t)).toEqual(['pageview'])
    expect(localStorage.getItem('lh_id')).toBeNull()
    expect(localStorage.getItem('lh_c')).toBe('0')
  })

  it('in cookieless mode sends without ids and stores nothing', async () => {
    const { sent } = await track({ cookieless: true })
    expect(sent[0]).not.toHaveProperty('a')
    expect(sent[0]).not.toHaveProperty('sid')
    expect(Object.keys(localStorage)).toEqual([])
  })
})
