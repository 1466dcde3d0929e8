import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BodyRead,
  MAX_JSON_DEPTH,
  MAX_JSON_KEYS,
  parseJsonBody,
  readBody,
} from './read-body.js'

const LIMIT = 64

/** A real HTTP server on 127.0.0.1 whose handler reads each body as the collector does. */
let server: Server
let port = 0
const reads: BodyRead[] = []

beforeAll(async () => {
  server = createServer(async (incoming: IncomingMessage, response) => {
    const request = new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: incoming.headers['content-length']
        ? { 'content-length': incoming.headers['content-length'] }
        : {},
    })
    reads.push(await readBody({ incoming, request }, LIMIT))
    response.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as { port: number }).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Writes `parts` to a raw connection, `pauseMs` apart, and resolves with what the handler read. */
async function send(parts: (string | Buffer)[], { pauseMs = 30, end = true } = {}) {
  const before = reads.length
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  await new Promise((resolve) => socket.once('connect', resolve))
  for (const [index, part] of parts.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs))
    socket.write(part)
  }
  if (end) socket.end()
  else socket.destroy()
  for (let waited = 0; reads.length === before && waited < 2000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10))
  return reads[before]
}

const head = (length: number | 'chunked') =>
  `POST /e HTTP/1.1\r\nhost: 127.0.0.1\r\n${
    length === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${length}`
  }\r\nconnection: close\r\n\r\n`

describe('readBody from a Node request', () => {
  it('reads a body that arrived with its headers', async () => {
    const body = '{"s":"demo","e":[]}'
    expect(await send([head(body.length) + body])).toEqual({ ok: true, text: body })
  })

  it('reads a body that arrives after its headers, in pieces, multi-byte characters split', async () => {
    const body = Buffer.from('{"t":"Grüße"}')
    const split = body.indexOf(0xc3) + 1 // inside the two bytes of ü
    const read = await send([head(body.length), body.subarray(0, split), body.subarray(split)])
    expect(read).toEqual({ ok: true, text: '{"t":"Grüße"}' })
  })

  it('reads a chunked body, which declares no length', async () => {
    const read = await send([`${head('chunked')}5\r\nhello\r\n`, '6\r\n world\r\n0\r\n\r\n'])
    expect(read).toEqual({ ok: true, text: 'hello world' })
  })

  it('reads an empty body', async () => {
    expect(await send([head(0)])).toEqual({ ok: true, text: '' })
  })

  it('refuses a body declared larger than the limit without reading it', async () => {
    const read = await send([head(LIMIT + 1) + 'x'.repeat(LIMIT + 1)])
    expect(read).toEqual({ ok: false, reason: 'too_large', bytes: LIMIT + 1, prefix: '' })
  })

  it('refuses a chunked body once it passes the limit, keeping what came', async () => {
    const chunk = 'y'.repeat(40)
    const read = await send([`${head('chunked')}28\r\n${chunk}\r\n`, `28\r\n${chunk}\r\n0\r\n\r\n`])
    expect(read).toEqual({ ok: false, reason: 'too_large', bytes: 80, prefix: chunk + chunk })
  })

  it('reports a body that breaks off, with what arrived', async () => {
    const read = await send([head(20), '{"s":"de'], { end: false })
    expect(read).toEqual({ ok: false, reason: 'aborted', bytes: 8, prefix: '{"s":"de' })
  })
})

describe('parseJsonBody', () => {
  const nested = (depth: number, open = '[', close = ']') =>
    `${open.repeat(depth)}${close.repeat(depth)}`

  it('parses JSON nested up to the limit, and skips a byte order mark', () => {
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toMatchObject({ ok: true })
    expect(parseJsonBody('\ufeff{"s":"demo"}')).toEqual({ ok: true, value: { s: 'demo' } })
    expect(parseJsonBody('1e400')).toEqual({ ok: true, value: Number.POSITIVE_INFINITY })
  })

  it('refuses nesting one level past the limit, naming where', () => {
    const read = parseJsonBody(nested(MAX_JSON_DEPTH + 1))
    const field = '[0]'.repeat(MAX_JSON_DEPTH)
    expect(read).toEqual({
      ok: false,
      problem: {
        code: 'too_deep',
        field,
        message: `${field}: arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels`,
      },
    })
  })

  it('names the keys and indexes on the way down, and refuses any depth without recursing', () => {
    const body = `{"s":"demo","e":[1,{"pp":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}}]}`
    const read = parseJsonBody(body, 6)
    expect(read).toMatchObject({ ok: false, problem: { code: 'too_deep', field: 'e[1].pp.x.x.x' } })
    // Arrays and objects mixed at each level, 100,000 deep: V8's JSON.parse does not recurse.
    const mixed = `${'[{"a":'.repeat(50_000)}null${'}]'.repeat(50_000)}`
    expect(parseJsonBody(mixed)).toMatchObject({ ok: false, problem: { code: 'too_deep' } })
  })

  it('cuts a long field path, keeping its start', () => {
    const key = 'k'.repeat(40)
    const body = `${`{"${key}":`.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`
    const read = parseJsonBody(body)
    expect(read.ok).toBe(false)
    const { field } = (read as { problem: { field: string } }).problem
    expect(field).toHaveLength(257)
    expect(field.startsWith(`${key}.${key}.`)).toBe(true)
    expect(field.endsWith('…')).toBe(true)
  })

  it('refuses a __proto__ key anywhere, also when spelled with escapes', () => {
    expect(parseJsonBody('{"e":[{"pp":{"__proto__":{"x":1}}}]}')).toEqual({
      ok: false,
      problem: {
        code: 'invalid_key',
        field: 'e[0].pp.__proto__',
        message: 'e[0].pp.__proto__: the key "__proto__" is not allowed',
      },
    })
    expect(parseJsonBody('{"\\u005f_proto__":1}')).toMatchObject({
      ok: false,
      problem: { code: 'invalid_key', field: '__proto__' },
    })
    expect(parseJsonBody('{"constructor":1,"prototype":{}}')).toMatchObject({ ok: true })
  })

  it('refuses an object with more keys than the limit, naming it; long arrays pass', () => {
    const keys = (count: number) =>
      `{${Array.from({ length: count }, (_, index) => `"k${index}":1`).join(',')}}`
    expect(parseJsonBody(`{"e":[${keys(MAX_JSON_KEYS)}]}`)).toMatchObject({ ok: true })
    expect(parseJsonBody(`{"e":[1,${keys(MAX_JSON_KEYS + 1)}]}`)).toEqual({
      ok: false,
      problem: {
        code: 'too_many_keys',
        field: 'e[1]',
        message: `e[1]: an object has ${MAX_JSON_KEYS + 1} keys; the limit is ${MAX_JSON_KEYS}`,
      },
    })
    expect(parseJsonBody(keys(MAX_JSON_KEYS + 1))).toMatchObject({
      ok: false,
      problem: { code: 'too_many_keys', field: '', message: expect.stringMatching(/^body: /) },
    })
    expect(parseJsonBody(`[${'0,'.repeat(1_000_000)}0]`)).toMatchObject({ ok: true })
  })

  it('refuses text that is not JSON: empty, NUL bytes, a lone BOM', () => {
    for (const text of ['', '{"s":"a\u0000"', '\u0000', '\ufeff', '{"a":1}{'])
      expect(parseJsonBody(text)).toMatchObject({
        ok: false,
        problem: { code: 'invalid_json', field: '' },
      })
  })
})
