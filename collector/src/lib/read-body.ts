/** What a bounded read of a request body found. */
export type BodyRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'too_large' | 'aborted'; bytes: number; prefix: string }

/** Kept of a body that was refused unread, for `rejected_events`. */
const KEPT_PREFIX_BYTES = 4096

/**
 * Reads at most `limit` bytes of `request`'s body. A larger body is not buffered whole: reading
 * stops at the limit and only the first few KB are kept to show what was sent. A body that
 * breaks off (the client went away, or the server's request timeout ended it) is reported too,
 * with what arrived.
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) {
    await request.body?.cancel()
    return { ok: false, reason: 'too_large', bytes: declared, prefix: '' }
  }
  if (!request.body) return { ok: true, text: '' }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  const prefix = () => Buffer.concat(chunks).subarray(0, KEPT_PREFIX_BYTES).toString('utf8')
  for (;;) {
    let read: Awaited<ReturnType<typeof reader.read>>
    try {
      read = await reader.read()
    } catch {
      return { ok: false, reason: 'aborted', bytes: total, prefix: prefix() }
    }
    if (read.done) break
    total += read.value.byteLength
    chunks.push(read.value)
    if (total > limit) {
      await reader.cancel()
      return { ok: false, reason: 'too_large', bytes: total, prefix: prefix() }
    }
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') }
}
