import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WireEvent } from './wire.js'

const event = (n: number): WireEvent => ({
  i: `id-${n}`,
  t: 'pageview',
  ts: n,
  u: 'https://a.test/',
  p: '/',
})

/** A collector that answers each request with the next status of `statuses` (a Promise rejection for 0). */
function collector(statuses: number[]) {
  const bodies: { e: WireEvent[] }[] = []
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(init.body as string))
    const status = statuses.shift() ?? 202
    if (status === 0) throw new TypeError('Failed to fetch')
    return { status } as Response
  })
  vi.stubGlobal('fetch', fetch)
  return { fetch, bodies }
}

/** A fresh queue for site `acme`, sending to `https://collect.test/e`, storage on. */
async function startQueue() {
  vi.resetModules()
  ;(await import('./config.js')).configure({ site: 'acme', api: 'https://collect.test/' })
  ;(await import('./storage.js')).allow(true)
  const queue = await import('./queue.js')
  queue.startQueue()
  return queue
}

describe('the delivery queue', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('posts batches to /e and forgets events once the collector acknowledged them', async () => {
    const { fetch, bodies } = collector([202])
    const { enqueue } = await startQueue()
    enqueue(event(1))
    await vi.waitFor(() => expect(localStorage.getItem('lh_q')).toBe('[]'))
    expect(fetch.mock.calls[0]?.[0]).toBe('https://collect.test/e')
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST' })
    // `keepalive: 1`, which fetch takes as true (a byte less than `!0` in lh.js).
    expect(fetch.mock.calls[0]?.[1]?.keepalive).toBeTruthy()
    expect(bodies[0]).toEqual({ s: 'acme', e: [event(1)] })
  })

  it.each([
    ['a network failure', 0],
    ['a server error', 503],
    ['a timeout', 408],
    ['a rate limit', 429],
  ])('keeps events after %s and retries with growing delays', async (_, status) => {
    const { fetch } = collector([status, status, 202])
    const { enqueue } = await startQueue()
    enqueue(event(1))
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    expect(JSON.parse(localStorage.getItem('lh_q') as string)).toEqual([event(1)])
    await vi.advanceTimersByTimeAsync(999)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1999)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(3)
    await vi.waitFor(() => expect(localStorage.getItem('lh_q')).toBe('[]'))
  })

  it('drops a batch the collector refused with a 4xx: it kept it as rejected', async () => {
    const { fetch } = collector([400])
    const { enqueue } = await startQueue()
    enqueue(event(1))
    await vi.waitFor(() => expect(localStorage.getItem('lh_q')).toBe('[]'))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('sends what an earlier page could not deliver', async () => {
    localStorage.setItem('lh_q', JSON.stringify([event(7)]))
    const { bodies } = collector([202])
    await startQueue()
    await vi.waitFor(() => expect(bodies).toEqual([{ s: 'acme', e: [event(7)] }]))
  })

  it('keeps at most 100 events, the newest, while the collector is unreachable', async () => {
    collector(Array(200).fill(0))
    const { enqueue } = await startQueue()
    for (let n = 0; n < 130; n++) enqueue(event(n))
    await vi.advanceTimersByTimeAsync(0)
    const kept = JSON.parse(localStorage.getItem('lh_q') as string) as WireEvent[]
    expect(kept).toHaveLength(100)
    expect(kept[0]?.i).toBe('id-30')
    expect(kept.at(-1)?.i).toBe('id-129')
  })

  it('retries at once when the browser comes back online', async () => {
    const { bodies } = collector([0, 202])
    const { enqueue } = await startQueue()
    enqueue(event(42))
    const tries = () => bodies.filter((body) => body.e.some((e) => e.i === 'id-42')).length
    await vi.waitFor(() => expect(tries()).toBe(1))
    // The failure is settled (the request is no longer in flight) before the browser is back.
    await vi.advanceTimersByTimeAsync(0)
    window.dispatchEvent(new Event('online'))
    // Well before the first backoff of a second would have retried (earlier tests' queues
    // answer the event too, and resend what is theirs).
    await vi.waitFor(() => expect(tries()).toBeGreaterThanOrEqual(2), { timeout: 500 })
  })
})
