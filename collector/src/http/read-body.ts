/**
 * Reading a request's body, bounded: from the Node request or the web Request behind hono's
 * Context, never more than a limit, with what arrived of a body that was refused.
 */
import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { ApiError } from '../errors.js'
import { parseJsonBody } from '../lib/json-body.js'

/** What a bounded read of a request body found. */
export type BodyRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'too_large' | 'aborted'; bytes: number; prefix: string }

/** The most an API call's JSON body (erasure, links) may hold: each is a few hundred bytes. */
export const MAX_API_BODY_BYTES = 64 * 1024

/** Kept of a body that was refused unread, for `rejected_events`. */
const KEPT_PREFIX_BYTES = 4096

/** Where a request's body can be read: the Node request under @hono/node-server, else the web Request. */
export function bodySource(c: Context): { incoming?: IncomingMessage; request: Request } {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  return incoming ? { incoming, request: c.req.raw } : { request: c.req.raw }
}

/**
 * Reads at most `limit` bytes of a request body: from the Node request when the server gives
 * one (building a web Request and its streams costs more than the rest of an event's handling),
 * else from the web Request. A larger body is not buffered whole: only its first few KB are
 * kept, and the rest is drained so that the client still receives the answer. A body that
 * breaks off (the client went away, or the server's request timeout ended it) is reported, with
 * what arrived.
 */
export function readBody(
  source: { incoming?: IncomingMessage; request: Request },
  limit: number,
): Promise<BodyRead> {
  const declared = Number(
    (source.incoming
      ? source.incoming.headers['content-length']
      : source.request.headers.get('content-length')) ?? Number.NaN,
  )
  if (declared > limit) {
    source.incoming?.resume()
    return Promise.resolve({ ok: false, reason: 'too_large', bytes: declared, prefix: '' })
  }
  return source.incoming
    ? readIncoming(source.incoming, declared, limit)
    : readRequest(source.request, limit)
}

async function readIncoming(
  incoming: IncomingMessage,
  declared: number,
  limit: number,
): Promise<BodyRead> {
  // Node's HTTP parser hands over a body that came with its headers in the same turn, after the
  // handler started: one microtask later all of it is buffered, and a single read() takes it
  // without switching the stream to flowing mode and waiting for its events.
  await undefined
  if (incoming.readableLength === declared && !incoming.readableFlowing) {
    const whole = incoming.read() as Buffer | null
    return { ok: true, text: whole ? whole.toString('utf8') : '' }
  }
  return streamIncoming(incoming, limit)
}

function streamIncoming(incoming: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let total = 0
    let settled = false
    const settle = (result: BodyRead) => {
      if (settled) return
      settled = true
      incoming.off('data', onData)
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength
      chunks.push(chunk)
      if (total > limit) {
        settle({ ok: false, reason: 'too_large', bytes: total, prefix: prefixOf(chunks) })
        incoming.resume() // drain the rest: the client gets its 413
      }
    }
    incoming.on('data', onData)
    incoming.once('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }))
    incoming.once('close', () =>
      settle({ ok: false, reason: 'aborted', bytes: total, prefix: prefixOf(chunks) }),
    )
    incoming.once('error', () =>
      settle({ ok: false, reason: 'aborted', bytes: total, prefix: prefixOf(chunks) }),
    )
  })
}

async function readRequest(request: Request, limit: number): Promise<BodyRead> {
  if (!request.body) return { ok: true, text: '' }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    let read: Awaited<ReturnType<typeof reader.read>>
    try {
      read = await reader.read()
    } catch {
      return { ok: false, reason: 'aborted', bytes: total, prefix: prefixOf(chunks) }
    }
    if (read.done) break
    total += read.value.byteLength
    chunks.push(read.value)
    if (total > limit) {
      await reader.cancel()
      return { ok: false, reason: 'too_large', bytes: total, prefix: prefixOf(chunks) }
    }
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') }
}

function prefixOf(chunks: Uint8Array[]): string {
  return Buffer.concat(chunks).subarray(0, KEPT_PREFIX_BYTES).toString('utf8')
}

/** What a refused read is answered: 413 over `limit`, 408 when the body broke off. */
export function bodyRefusal(
  body: { reason: 'too_large' | 'aborted'; bytes: number },
  limit: number,
): { status: 413 | 408; code: 'body_too_large' | 'request_incomplete'; message: string } {
  return body.reason === 'too_large'
    ? {
        status: 413,
        code: 'body_too_large',
        message: `body is ${body.bytes} bytes; the limit is ${limit}`,
      }
    : {
        status: 408,
        code: 'request_incomplete',
        message: `the request ended after ${body.bytes} bytes of its body`,
      }
}

/**
 * The JSON body of an API call (an erasure, a link to sign), at most `limit` bytes. Such a
 * body is a request, not data: one refused is answered, not kept (an erasure names the person
 * it is about). Over the limit: 413; broken off: 408; not JSON, too deep, too wide, a
 * `__proto__` key: 400.
 */
export async function readJsonRequest(c: Context, limit: number): Promise<unknown> {
  const body = await readBody(bodySource(c), limit)
  if (!body.ok) {
    const { status, code, message } = bodyRefusal(body, limit)
    throw new ApiError(status, code, message)
  }
  const json = parseJsonBody(body.text)
  if (json.ok) return json.value
  const { code, message, field } = json.problem
  throw new ApiError(400, code, message, field || undefined)
}
