import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BodyRead, readBody } from './read-body.js'

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
