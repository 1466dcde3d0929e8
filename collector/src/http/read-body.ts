import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { ApiError } from '../errors.js'
import { fieldPath, type Problem } from '../lib/problems.js'

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
 * Deepest nesting of arrays and objects a JSON body may have: the root is level 1. The deepest
 * body any endpoint takes has 4 (`{ e: [ { pp: {} } ] }`); 64 leaves room, and keeps everything
 * recursive that runs on a parsed body afterwards (zod, `JSON.stringify` of a refused event) far
 * from the end of the stack, which `JSON.stringify` reached at a few thousand levels.
 */
export const MAX_JSON_DEPTH = 64

/**
 * Most keys one object of a JSON body may have. The widest object any endpoint takes is a CRM
 * record (27 fields and its attributes); validating an object of a million keys (10 MB of them)
 * took zod seconds, the event loop held all the while.
 */
export const MAX_JSON_KEYS = 1000

/** A key no body may use: assigned, it replaces an object's prototype instead of adding a key. */
export const FORBIDDEN_KEY = '__proto__'

/** Of a field path that is too long to name whole, the start is kept. */
const MAX_FIELD_CHARS = 256

/** What parsing a JSON body found: its value, or the problem to refuse it with. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: Problem }

/**
 * Parses a request body as JSON, for every endpoint that takes one: a leading byte order mark
 * is skipped (RFC 8259 lets a parser ignore it); text that is not JSON is `invalid_json`;
 * nesting deeper than `maxDepth` is `too_deep`, an object of more than `MAX_JSON_KEYS` keys is
 * `too_many_keys`, and a `__proto__` key is `invalid_key`, each with the field where it is.
 * V8's `JSON.parse` itself does not recurse, so any depth parses; the check walks the value with
 * a stack of its own, and stops at the first problem. A refused body is to be kept as its text:
 * nothing recursive runs on it.
 */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): JsonRead {
  let value: unknown
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    const message = `body is not JSON: ${error instanceof Error ? error.message : String(error)}`
    return { ok: false, problem: { code: 'invalid_json', message, field: '' } }
  }
  const problem = shapeProblem(value, maxDepth)
  return problem ? { ok: false, problem } : { ok: true, value }
}

/** An array or object being walked: its keys (none for an array) and the next to visit. */
interface Frame {
  container: Record<string, unknown> | unknown[]
  keys: string[] | undefined
  next: number
}

function frameOf(container: object): Frame {
  return Array.isArray(container)
    ? { container, keys: undefined, next: 0 }
    : { container: container as Record<string, unknown>, keys: Object.keys(container), next: 0 }
}

/** The first place where a parsed body nests too deep, has too many keys, or `FORBIDDEN_KEY`. */
function shapeProblem(root: unknown, maxDepth: number): Problem | undefined {
  if (typeof root !== 'object' || root === null) return undefined
  const frames: Frame[] = [frameOf(root)]
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame
    const { container, keys } = frame
    if (keys && frame.next === 0 && keys.length > MAX_JSON_KEYS) {
      const field = pathOf(frames.slice(0, -1))
      return {
        code: 'too_many_keys',
        message: `${field || 'body'}: an object has ${keys.length} keys; the limit is ${MAX_JSON_KEYS}`,
        field,
      }
    }
    if (frame.next >= (keys ?? (container as unknown[])).length) {
      frames.pop()
      continue
    }
    const index = frame.next++
    const key = keys ? (keys[index] as string) : undefined
    if (key === FORBIDDEN_KEY) {
      const field = pathOf(frames)
      return {
        code: 'invalid_key',
        message: `${field}: the key "${FORBIDDEN_KEY}" is not allowed`,
        field,
      }
    }
    const child =
      key === undefined
        ? (container as unknown[])[index]
        : (container as Record<string, unknown>)[key]
    if (typeof child !== 'object' || child === null) continue
    if (frames.length >= maxDepth) {
      const field = pathOf(frames)
      return {
        code: 'too_deep',
        message: `${field}: arrays and objects nest deeper than ${maxDepth} levels`,
        field,
      }
    }
    frames.push(frameOf(child))
  }
  return undefined
}

/** The path to the item each frame is at, e.g. `e[0].pp.x`, its start when it is long. */
function pathOf(frames: Frame[]): string {
  const path = frames.map(({ keys, next }) => keys?.[next - 1] ?? next - 1)
  const field = fieldPath(path)
  return field.length > MAX_FIELD_CHARS ? `${field.slice(0, MAX_FIELD_CHARS)}…` : field
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
