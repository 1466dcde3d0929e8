/**
 * Hard input against every endpoint that reads a body, over real HTTP on 127.0.0.1, on a real
 * embedded warehouse and a real spool: JSON nested up to 100,000 levels with arrays, objects and
 * scalars mixed at each level, random bytes, odd content types, chunked bodies without a length.
 * Every answer is 2xx or 4xx (413 and 408 included), never 5xx; every body refused by an endpoint
 * that takes data (events, CRM, costs) is in `rejected_events` as it came; the API calls
 * (erasure, links) answer their refusals and keep nothing, as an erasure request names a person.
 * Odd query strings, paths and headers on the GET routes fare the same. (`POST
 * /api/v1/models/run` reads no body: what comes with it is left unread.) Nothing is logged as a
 * failure. Bounded: fixed seeds, a few dozen runs a property.
 */
import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { rows } from '@leadhouse/warehouse/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_API_BODY_BYTES } from '../http/read-body.js'
import { MAX_JSON_DEPTH, parseJsonBody } from '../lib/json-body.js'
import { AS_ADMIN, openTestApp, READ_TOKEN, SECRET_KEY } from '../test-app.js'
import { erasureSchema } from './erase.js'
import { MAX_BODY_BYTES } from './events.js'
import { MAX_IMPORT_BYTES } from './imports.js'

const SEED = 20261207
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

const opened = openTestApp({
  linkSecret: 'link-secret-0123456789abcdef0123456789',
  // Hundreds of requests from one address: throttling is not what is under test.
  rateLimits: {
    perAddress: { perSecond: 100_000, burst: 100_000 },
    perSite: { perSecond: 100_000, burst: 100_000 },
  },
})
let server: ReturnType<typeof serve>
let port = 0
const errors = vi.spyOn(console, 'error')

beforeAll(async () => {
  const { app } = await opened
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve())
  })
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()))
  await (await opened).close()
})

/** An endpoint that reads a body: its limit, and how a JSON value is put where it reads data. */
interface Endpoint {
  path: string
  limit: number
  /** Refusals kept in `rejected_events` (data), or only answered (an API call). */
  keeps: boolean
  /** The body with `value` (JSON text) where the endpoint looks deepest, and its levels above. */
  wrap: (value: string) => { text: string; levels: number }
}

const event = (props: string) =>
  `{"s":"acme","e":[{"i":"${randomUUID()}","t":"event","ts":${Date.now()},"u":"https://acme.test/","p":"/","n":"x","pp":${props}}]}`

const ENDPOINTS: Endpoint[] = [
  { path: '/e', limit: MAX_BODY_BYTES, keeps: true, wrap: (v) => ({ text: event(v), levels: 3 }) },
  {
    path: '/api/v1/crm',
    limit: MAX_IMPORT_BYTES,
    keeps: true,
    wrap: (v) => ({
      text: `{"records":[{"id":"r1","type":"call","occurred_at":0,"email":"a@b.de","attributes":${v}}]}`,
      levels: 3,
    }),
  },
  {
    path: '/api/v1/costs',
    limit: MAX_IMPORT_BYTES,
    keeps: true,
    wrap: (v) => ({ text: `{"costs":[${v}]}`, levels: 2 }),
  },
  {
    path: '/api/v1/crm/csv',
    limit: MAX_IMPORT_BYTES,
    keeps: true,
    wrap: (v) => ({ text: `id,type,occurred_at,email,notes\nr1,call,0,a@b.de,${v}\n`, levels: 0 }),
  },
  {
    path: '/api/v1/costs/csv',
    limit: MAX_IMPORT_BYTES,
    keeps: true,
    wrap: (v) => ({ text: `day,channel,campaign,cost,currency\n${v},email,c,1,EUR\n`, levels: 0 }),
  },
  {
    path: '/api/v1/erase',
    limit: MAX_API_BODY_BYTES,
    keeps: false,
    // Never a valid erasure: one would delete every refused payload that mentions its id.
    wrap: (v) => ({ text: `{"email":"not an address","anonymous_id":${v}}`, levels: 1 }),
  },
  {
    path: '/api/v1/links',
    limit: MAX_API_BODY_BYTES,
    keeps: false,
    wrap: (v) => ({ text: `{"site":"acme","email":"a@b.de","campaign":${v}}`, levels: 1 }),
  },
]
const JSON_ENDPOINTS = ENDPOINTS.filter(({ path }) => !path.endsWith('/csv'))

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'text/csv; charset=latin1',
]

interface Sent {
  endpoint: Endpoint
  body: Buffer
  chunked: boolean
  status: number
  code: string | undefined
  /** Items a 202 names as refused. */
  refusedItems: number
}

/** Every request sent, for the check of what the warehouse kept. */
const sent: Sent[] = []

/**
 * Posts `body` with a real HTTP client: with a Content-Length, or chunked in pieces without one
 * (the collector then learns the size only by reading).
 */
function post(
  endpoint: Endpoint,
  body: Buffer,
  { contentType, chunked }: { contentType?: string | undefined; chunked?: boolean } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${SECRET_KEY}`,
      'user-agent': BROWSER,
    }
    if (contentType) headers['content-type'] = contentType
    if (!chunked) headers['content-length'] = String(body.byteLength)
    const request = httpRequest(
      { host: '127.0.0.1', port, path: endpoint.path, method: 'POST', headers, agent: false },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const answer = JSON.parse(text) as {
            error?: { code: string }
            rejected?: unknown[]
          }
          const result: Sent = {
            endpoint,
            body,
            chunked: chunked ?? false,
            status: response.statusCode ?? 0,
            code: answer.error?.code,
            refusedItems: answer.rejected?.length ?? 0,
          }
          sent.push(result)
          resolve(result)
        })
      },
    )
    request.on('error', reject)
    if (!chunked) {
      request.end(body)
      return
    }
    // Pieces of a few KB, so that a body over the limit is found over the limit while it streams.
    for (let start = 0; start < body.byteLength; start += 8192)
      request.write(body.subarray(start, start + 8192))
    request.end()
  })
}

/** The status of a GET over HTTP, with the read token and `extra` headers. */
function get(path: string, extra: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${READ_TOKEN}`, 'user-agent': BROWSER, ...extra }
    httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
      .on('error', reject)
      .end()
  })
}

/** 2xx, or 4xx with an error code: 400, 404, 413, 408 and the like; never 5xx. */
function expectAnswered({ status, code, endpoint }: Sent) {
  expect(status, endpoint.path).toBeGreaterThanOrEqual(200)
  expect(status, endpoint.path).toBeLessThan(500)
  if (status >= 400) expect(code, endpoint.path).toBeTruthy()
}

/**
 * JSON text nested `depth` levels: at each level an array or an object by the cycle `kinds`,
 * and every `every` levels scalars beside the child (strings, numbers, null, booleans, a NUL, a
 * number past the doubles). Built by a loop: no recursion here either.
 */
interface Nesting {
  depth: number
  kinds: ('array' | 'object')[]
  scalars: string[]
  every: number
  leaf: string
}

function nested({ depth, kinds, scalars, every, leaf }: Nesting): string {
  const opens: string[] = []
  const closes: string[] = []
  for (let level = 0; level < depth; level++) {
    const beside = level % every === 0 ? scalars : []
    if (kinds[level % kinds.length] === 'array') {
      opens.push(`[${beside.map((scalar) => `${scalar},`).join('')}`)
      closes.push(']')
    } else {
      opens.push(`{${beside.map((scalar, index) => `"s${index}":${scalar},`).join('')}"k":`)
      closes.push('}')
    }
  }
  return `${opens.join('')}${leaf}${closes.reverse().join('')}`
}

const nesting: fc.Arbitrary<Nesting> = fc.record({
  depth: fc.oneof(
    fc.integer({ min: 1, max: MAX_JSON_DEPTH + 4 }),
    fc.integer({ min: MAX_JSON_DEPTH, max: 5_000 }),
    fc.integer({ min: 5_000, max: 100_000 }),
  ),
  kinds: fc.array(fc.constantFrom('array' as const, 'object' as const), {
    minLength: 1,
    maxLength: 6,
  }),
  scalars: fc.array(
    fc.constantFrom('1', '-2.5e3', '"x"', 'null', 'true', '"\\u0000"', '1e400', '"\\ud83d"', '""'),
    { maxLength: 3 },
  ),
  every: fc.integer({ min: 1, max: 2_000 }),
  leaf: fc.constantFrom('null', '0', '"deep"', '[]', '{}'),
})

const anyEndpoint = fc.constantFrom(...ENDPOINTS)
const jsonEndpoint = fc.constantFrom(...JSON_ENDPOINTS)
const delivery = fc.record({
  contentType: fc.constantFrom(...CONTENT_TYPES),
  chunked: fc.boolean(),
})

/** The too_deep refusals counted before the test. */
let tooDeepBefore = 0

describe('every body-reading endpoint under hard input', () => {
  // Each test starts from an empty rejected_events, and checks what its own requests left.
  beforeEach(async () => {
    const { warehouse, spool } = await opened
    expect(await spool.drain()).toBe(true)
    await warehouse.client.command({ query: 'TRUNCATE TABLE leadhouse.rejected_events' })
    sent.length = 0
    tooDeepBefore = await tooDeepCounted()
  })

  it('refuses JSON nested past the limit with 400 too_deep, up to 100,000 levels', async () => {
    await fc.assert(
      fc.asyncProperty(
        jsonEndpoint,
        nesting,
        fc.boolean(),
        delivery,
        async (endpoint, shape, atRoot, how) => {
          const value = nested(shape)
          const { text, levels } = atRoot ? { text: value, levels: 0 } : endpoint.wrap(value)
          const body = Buffer.from(text)
          const answer = await post(endpoint, body, how)
          expectAnswered(answer)
          // The leaf `[]` or `{}` is a level of its own.
          const depth = levels + shape.depth + (shape.leaf.length === 2 ? 1 : 0)
          if (body.byteLength > endpoint.limit) {
            expect(answer).toMatchObject({ status: 413, code: 'body_too_large' })
          } else if (depth > MAX_JSON_DEPTH) {
            expect(answer).toMatchObject({ status: 400, code: 'too_deep' })
          }
        },
      ),
      { numRuns: 60, seed: SEED },
    )
    const { tooDeep } = await expectRefusalsKept()
    expect(tooDeep).toBeGreaterThan(20)
  })

  it('answers random bytes, deep JSON in CSV and mixed JSON with 2xx or 4xx', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
      fc
        .tuple(anyEndpoint, nesting)
        .map(([endpoint, shape]) =>
          Buffer.from(endpoint.wrap(JSON.stringify(nested(shape).slice(0, 50_000))).text),
        ),
      fc.jsonValue({ maxDepth: 8 }).map((value) => Buffer.from(JSON.stringify(value))),
      fc
        .tuple(fc.constantFrom(...ENDPOINTS), fc.jsonValue({ maxDepth: 4 }))
        .map(([endpoint, value]) => Buffer.from(endpoint.wrap(JSON.stringify(value)).text)),
    )
    await fc.assert(
      fc.asyncProperty(anyEndpoint, body, delivery, async (endpoint, bytes, how) => {
        fc.pre(!isErasure(endpoint, bytes))
        expectAnswered(await post(endpoint, bytes, how))
      }),
      { numRuns: 80, seed: SEED },
    )
    expect((await expectRefusalsKept()).refusedWhole).toBeGreaterThan(40)
  })

  it('answers the edge cases of JSON and of bytes on every endpoint', async () => {
    const valid = (endpoint: Endpoint) => endpoint.wrap('"v"').text
    const cases: ((endpoint: Endpoint) => Buffer)[] = [
      () => Buffer.alloc(0),
      (endpoint) => Buffer.from(`\ufeff${valid(endpoint)}`),
      () => Buffer.from('\ufeff'),
      () => Buffer.from([0, 0, 0, 0]),
      (endpoint) => Buffer.from(valid(endpoint).replace('"v"', '"a\u0000b"')),
      (endpoint) => Buffer.from(endpoint.wrap('"\\u0000"').text),
      () => Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]),
      (endpoint) => Buffer.concat([Buffer.from(valid(endpoint)), Buffer.from([0xc3])]),
      (endpoint) => Buffer.from(endpoint.wrap('1e400').text),
      (endpoint) => Buffer.from(endpoint.wrap('{"__proto__":{"x":1}}').text),
      () => Buffer.from('{"__proto__":[]}'),
      (endpoint) => Buffer.from(endpoint.wrap('"\\ud83d"').text),
      (endpoint) => Buffer.from(endpoint.wrap('"\\udc00\\ud800"').text),
    ]
    // Wide, within the limits: many items, many keys. Up to 1 MB: a 10 MB import takes seconds.
    const size = (endpoint: Endpoint) => Math.min(endpoint.limit, 1024 * 1024)
    const wide: ((endpoint: Endpoint) => Buffer)[] = [
      (endpoint) =>
        Buffer.from(endpoint.wrap(`[${'0,'.repeat(Math.floor(size(endpoint) / 2) - 200)}0]`).text),
      (endpoint) => {
        const keys = Array.from(
          { length: Math.floor(size(endpoint) / 16) },
          (_, index) => `"k${index}":1`,
        )
        return Buffer.from(endpoint.wrap(`{${keys.join(',')}}`).text)
      },
      () =>
        Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n'),
    ]
    for (const endpoint of ENDPOINTS)
      for (const [index, make] of [...cases, ...wide].entries())
        for (const chunked of index < cases.length ? [false, true] : [false]) {
          const answer = await post(endpoint, make(endpoint), { chunked })
          expect.soft(answer.status, `${endpoint.path} case ${index}`).toBeLessThan(500)
          expectAnswered(answer)
        }
    expect((await expectRefusalsKept()).refusedWhole).toBeGreaterThan(60)
  })

  it('answers odd query strings, paths and headers on the GET routes with 2xx, 3xx or 4xx', async () => {
    const routes = [
      '/api/v1/activity',
      '/api/v1/alerts',
      '/o/x.gif',
      '/c/x',
      '/lh.js',
      '/readyz',
      '/dashboard',
      '/e',
    ]
    const odd = [
      '?limit=%ZZ',
      '?limit=1&limit=2',
      '?limit=1e400',
      `?limit=${'9'.repeat(4000)}`,
      '?__proto__=1&limit=2',
      '?%E0%A4%A',
      '/%ZZ',
      '/..%2f..',
      `/${'a'.repeat(8000)}`,
    ]
    const headers: Record<string, string>[] = [
      { 'accept-language': `${'de-DE,'.repeat(1000)}*;q=1e400` },
      { 'user-agent': 'Mozilla/5.0 ('.repeat(600) },
      { 'x-forwarded-for': ',,, not-an-address, ::1, 999.1.1.1'.repeat(100) },
      { 'accept-encoding': 'br;q=abc, gzip;q=-1, *;q=1e400' },
      { origin: 'null' },
      { 'if-none-match': '"'.repeat(3000) },
      { authorization: `Bearer ${'x'.repeat(4000)}` },
    ]
    const query = fc.tuple(
      fc.constantFrom(...routes),
      fc.oneof(fc.webPath(), fc.constant('')),
      fc.oneof(fc.webQueryParameters(), fc.constantFrom(...odd)),
      fc.constantFrom({}, ...headers),
    )
    await fc.assert(
      fc.asyncProperty(query, async ([route, path, search, extra]) => {
        const status = await get(
          `${route}${path}${search.startsWith('/') ? search : `?${search.replace(/^\?/, '')}`}`,
          extra,
        )
        expect(status).toBeGreaterThanOrEqual(200)
        expect(status).toBeLessThan(500)
      }),
      { numRuns: 60, seed: SEED },
    )
    expect(errors).not.toHaveBeenCalled()
  })
})

/**
 * Checks what the warehouse kept of the requests the test sent: every body a data endpoint
 * refused whole is in `rejected_events` as it came (a body over the limit: its first 4 KB as it
 * streamed in, nothing when its declared length was refused unread; the imports keep 64 K
 * characters); refused items are there besides; API calls left nothing. `too_deep` refusals are
 * counted in the metrics, and nothing was logged as a failure (no stack traces).
 */
async function expectRefusalsKept(): Promise<{ refusedWhole: number; tooDeep: number }> {
  const { warehouse, spool } = await opened
  expect(await spool.drain()).toBe(true)
  const kept = await rows<{ endpoint: string; code: string; payload: string }>(
    warehouse,
    'SELECT endpoint, code, payload FROM leadhouse.rejected_events',
  )
  const keptByKey = new Map<string, number>()
  const keyOf = (endpoint: string, code: string, payload: string) =>
    `${endpoint}\u0001${code}\u0001${payload}`
  for (const { endpoint, code, payload } of kept) {
    const key = keyOf(endpoint, code, payload)
    keptByKey.set(key, (keptByKey.get(key) ?? 0) + 1)
  }
  let refusedWhole = 0
  let refusedItems = 0
  let tooDeep = 0
  for (const answer of sent) {
    const { endpoint, status, code, body, refusedItems: items } = answer
    if (!endpoint.keeps) continue
    if (code === 'too_deep') tooDeep += 1
    if (status === 202) refusedItems += items
    if (status < 400 || !code) continue
    if (ITEM_CODES.has(code)) {
      refusedItems += 1 // at least the item the answer names
      continue
    }
    refusedWhole += 1
    const text =
      code === 'body_too_large' ? streamedPrefix(answer) : body.toString('utf8').toWellFormed()
    const payload = endpoint.path === '/e' ? text : text.slice(0, 65_536).toWellFormed()
    const key = keyOf(endpoint.path.replace(/\/csv$/, ''), code, payload)
    const left = keptByKey.get(key) ?? 0
    expect(left, `${endpoint.path} ${status} ${code} kept`).toBeGreaterThan(0)
    keptByKey.set(key, left - 1)
  }
  // What is left are the refused items of bodies accepted in part or refused item by item.
  const left = [...keptByKey.values()].reduce((sum, count) => sum + count, 0)
  expect(left).toBeGreaterThanOrEqual(refusedItems)
  // API calls are answered, not kept: an erasure request names the person it is about.
  const apiCalls = new Set(ENDPOINTS.filter(({ keeps }) => !keeps).map(({ path }) => path))
  expect(kept.filter(({ endpoint }) => apiCalls.has(endpoint))).toEqual([])
  expect((await tooDeepCounted()) - tooDeepBefore).toBe(tooDeep)
  expect(errors).not.toHaveBeenCalled()
  return { refusedWhole, tooDeep }
}

/** `leadhouse_events_rejected_total{code="too_deep"}` now. */
async function tooDeepCounted(): Promise<number> {
  const { app } = await opened
  const metrics = await (await app.request('/metrics', { headers: AS_ADMIN })).text()
  return Number(
    metrics.match(/^leadhouse_events_rejected_total\{code="too_deep"\} (\d+)$/m)?.[1] ?? 0,
  )
}

/** Whether `body` is an erasure `endpoint` would carry out: not input under test here. */
function isErasure(endpoint: Endpoint, body: Buffer): boolean {
  const json = parseJsonBody(body.toString('utf8'))
  return endpoint.path === '/api/v1/erase' && json.ok && erasureSchema.safeParse(json.value).success
}

/** Refusals of single items (an event, a record, a cost), kept one row an item. */
const ITEM_CODES = new Set(['invalid_event', 'event_too_large', 'invalid_record', 'invalid_cost'])

/** What a body over the limit is kept by: nothing when refused by its length, else its start. */
function streamedPrefix({ body, chunked }: Sent): string {
  return chunked ? body.subarray(0, 4096).toString('utf8') : ''
}
