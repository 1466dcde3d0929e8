import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { SpoolFullError } from './spool/spool.js'

/** The one HTTP error type: answered as `{ error: { code, message, field? } }`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message })
  }
}

/** Central error handler: known errors keep their status; anything else is a logged 500. */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    const field = error.field === undefined ? {} : { field: error.field }
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
    return c.json({ error: { code: error.code, message: error.message, ...field } }, error.status)
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: `http_${error.status}`, message: error.message } }, error.status)
  }
  console.error(`leadhouse: ${c.req.method} ${c.req.path} failed:`, error)
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500)
}

/** Waits until `write` is durable; a full spool is a 503 the client retries after a while. */
export async function spooled(write: Promise<void>): Promise<void> {
  try {
    await write
  } catch (error) {
    if (!(error instanceof SpoolFullError)) throw error
    throw new ApiError(503, 'unavailable', error.message, undefined, { 'retry-after': '30' })
  }
}
