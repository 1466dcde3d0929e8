/**
 * Bad and hostile input against the real collector over HTTP: fuzzed bodies, a storm of
 * retries, a slow client, a flood from one address. Bounded in count and time, 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { rows } from '@leadhouse/warehouse/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCollector, type TestCollector } from './support/collector.js'

let collector: TestCollector
const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

beforeAll(async () => {
  collector = await startTestCollector({
    config: {
      requestTimeoutMs: 500,
      rateLimits: {
        perAddress: { perSecond: 1000, burst: 1000 },
        perSite: { perSecond: 1000, burst: 1000 },
      },
    },
  })
})
afterAll(async () => collector?.close())

/** Posts as a visitor's browser would (Node's own user agent is, rightly, a bot). */
const post = (body: string | Uint8Array) =>
  fetch(`${collector.url}/e`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
  })

const validEvent = fc.record({
  i: fc.uuid({ version: 4 }),
  t: fc.constant('pageview' as const),
  ts: fc.integer({ min: Date.now() - 86_400_000, max: Date.now() }),
  a: fc.string({ minLength: 1, maxLength: 64 }),
  u: fc.webUrl({ withQueryParameters: true }),
  p: fc.string({ maxLength: 200 }).map((path) => `/${path}`),
  ti: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
})

describe('POST /e under fuzzing', () => {
  it('answers only 2xx or 4xx to arbitrary bodies, and keeps every refusal', async () => {
    const before = await rows<{ n: string }>(
      collector.warehouse,
      'SELECT count() AS n FROM leadhouse.rejected_events',
    )
    let refused = 0
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array({ maxLength: 2048 }),
          fc
            .record({
              s: fc.oneof(fc.constant('demo'), fc.string()),
              e: fc.array(fc.anything(), { maxLength: 5 }),
            })
            .map((value) => JSON.stringify(value)),
          fc
            .record({
              s: fc.constant('demo'),
              e: fc.array(
                fc.record({
                  i: fc.uuid(),
                  t: fc.string(),
                  ts: fc.anything(),
                  u: fc.string(),
                  p: fc.string(),
                }),
                { maxLength: 3 },
              ),
            })
            .map((value) => JSON.stringify(value)),
        ),
        async (body) => {
          const response = await post(body)
          expect(response.status).toBeGreaterThanOrEqual(200)
          expect(response.status).toBeLessThan(500)
          if (response.status >= 400) {
            refused += 1
            expect(((await response.json()) as { error: { code: string } }).error.code).toBeTruthy()
          }
        },
      ),
      { numRuns: 150, seed: 20261123 },
    )
    await collector.spool.drain()
    const after = await rows<{ n: string }>(
      collector.warehouse,
      'SELECT count() AS n FROM leadhouse.rejected_events',
    )
    expect(Number(after[0]?.n) - Number(before[0]?.n)).toBeGreaterThanOrEqual(refused)
  })

  it('stores valid events intact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validEvent, { minLength: 1, maxLength: 5 }), async (events) => {
        const response = await post(JSON.stringify({ s: 'demo', e: events }))
        expect(response.status).toBe(202)
        await collector.spool.drain()
        const stored = await rows<{
          id: string
          anonymous_id: string
          path: string
          url: string
          title: string
        }>(
          collector.warehouse,
          'SELECT toString(event_id) AS id, anonymous_id, path, url, title FROM leadhouse.events WHERE event_id IN {ids:Array(UUID)}',
          { ids: events.map((event) => event.i) },
        )
        const byId = new Map(stored.map((row) => [row.id, row]))
        for (const event of events) {
          expect(byId.get(event.i)).toMatchObject({
            anonymous_id: event.a,
            path: event.p,
            url: event.u,
            title: event.ti ?? '',
          })
        }
      }),
      { numRuns: 25, seed: 20261123 },
    )
  })
})

describe('retries, slow clients and floods', () => {
  it('a storm of retries with the same event ids counts each event once downstream', async () => {
    const events = Array.from({ length: 10 }, () => ({
      i: randomUUID(),
      t: 'pageview',
      ts: Date.now(),
      a: 'storm-visitor',
      u: 'https://acme.test/storm',
      p: '/storm',
    }))
    const body = JSON.stringify({ s: 'demo', e: events })
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(body)))
    expect(answers.every((response) => response.status === 202)).toBe(true)
    await collector.spool.drain()
    expect((await collector.models.run()).success).toBe(true)
    const [logged] = await rows<{ n: string; distinct: string }>(
      collector.warehouse,
      "SELECT count() AS n, uniqExact(event_id) AS distinct FROM leadhouse.activity_log WHERE anonymous_id = 'storm-visitor'",
    )
    expect(logged).toEqual({ n: '10', distinct: '10' })
  })

  it('drops a client that does not finish its request in time', async () => {
    const { port } = new URL(collector.url)
    const started = Date.now()
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n{"s":',
        )
      })
      let received = ''
      socket.on('data', (chunk) => {
        received += chunk
      })
      socket.on('close', () => resolve(received))
      socket.on('error', reject)
      setTimeout(() => reject(new Error('the slow client was never dropped')), 5000).unref()
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('answers 429 with Retry-After past the rate limit of one address', async () => {
    const limited = await startTestCollector({
      // The same engine cannot be opened twice in one process: share the first collector's.
      // One process, one engine: the second collector opens the same data directory.
      dataDir: collector.dataDir,
      config: {
        rateLimits: {
          perAddress: { perSecond: 1, burst: 3 },
          perSite: { perSecond: 1000, burst: 1000 },
        },
      },
    })
    try {
      const send = () =>
        fetch(`${limited.url}/e`, {
          method: 'POST',
          body: JSON.stringify({
            s: 'demo',
            e: [
              {
                i: randomUUID(),
                t: 'pageview',
                ts: Date.now(),
                a: 'x',
                u: 'https://a.test/',
                p: '/',
              },
            ],
          }),
        })
      const statuses: number[] = []
      let retryAfter: string | null = null
      for (let n = 0; n < 5; n++) {
        const response = await send()
        statuses.push(response.status)
        if (response.status === 429) retryAfter = response.headers.get('retry-after')
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429])
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
    } finally {
      await limited.close()
    }
  })
})
