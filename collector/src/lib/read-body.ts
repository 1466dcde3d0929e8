/** What a bounded read of a request body found. */
export type BodyRead = { ok: true; text: string } | { ok: false; bytes: number; prefix: string }

/** Kept of an oversized body, for `rejected_events`. */
const OVERSIZED_PREFIX_BYTES = 4096

/**
 * Reads at most `limit` bytes of `request`'s body. A larger body is not buffered whole:
 * reading stops at the limit and only the first few KB are kept to show what was sent.
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) {
    await request.body?.cancel()
    return { ok: false, bytes: declared, prefix: '' }
  }
  if (!request.body) return { ok: true, text: '' }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    chunks.push(value)
    if (total > limit) {
      await reader.cancel()
      const prefix = Buffer.concat(chunks).subarray(0, OVERSIZED_PREFIX_BYTES).toString('utf8')
      return { ok: false, bytes: total, prefix }
    }
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') }
}
