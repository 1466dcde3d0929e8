/**
 * The ClickHouse HTTP interface, as far as BI tools and clients use it, on the embedded engine:
 * `GET|POST /?query=`, the query in the body, `database`, `default_format`, `param_<name>`,
 * settings as parameters (`request-settings`), `/ping`, gzip or deflate with
 * `enable_http_compression=1`, and errors as a server writes them. Credentials: a read (or
 * admin) key as the password, by basic auth, `X-ClickHouse-User`/`X-ClickHouse-Key`, or
 * `user`/`password` parameters; any user name. Mounted at `/clickhouse`, and at `/` of its own
 * port when one is configured.
 */
import { randomUUID } from 'node:crypto'
import { type Context, Hono } from 'hono'
import type { Access } from '../access/access.js'
import { bodySource, readBody } from '../http/read-body.js'
import type { AnalystAnswer, AnalystEngine } from '../sql/analyst-engine.js'
import { requestSettings, type SqlLimits } from '../sql/request-settings.js'
import { errorBody, SqlError, statusOf } from '../sql/sql-error.js'

export interface ClickHouseRoutesOptions {
  access: Access
  /** Undefined with a ClickHouse server: tools connect to the server itself. */
  engine: AnalystEngine | undefined
  limits: SqlLimits
}

/** A query's text may be this long (the server's `max_query_size` is 256 KiB). */
const MAX_QUERY_BYTES = 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  JSON: 'application/json; charset=UTF-8',
  JSONCompact: 'application/json; charset=UTF-8',
  JSONEachRow: 'application/x-ndjson; charset=UTF-8',
  JSONCompactEachRow: 'application/x-ndjson; charset=UTF-8',
  TabSeparated: 'text/tab-separated-values; charset=UTF-8',
  TSV: 'text/tab-separated-values; charset=UTF-8',
  TSVWithNames: 'text/tab-separated-values; charset=UTF-8',
  TSVWithNamesAndTypes: 'text/tab-separated-values; charset=UTF-8',
  CSV: 'text/csv; charset=UTF-8; header=absent',
  CSVWithNames: 'text/csv; charset=UTF-8; header=present',
}

export function clickHouseRoutes(options: ClickHouseRoutesOptions): Hono {
  const answer = async (c: Context) => {
    try {
      authenticate(c, options.access)
      const url = new URL(c.req.url)
      const params = url.searchParams
      const sql = await queryText(c, params)
      // A server answers a request without a query as it answers /ping.
      if (!sql.trim()) return c.text('Ok.\n')
      if (!options.engine)
        throw new SqlError(
          48,
          'NOT_IMPLEMENTED',
          'Leadhouse runs on a ClickHouse server: connect BI tools to the server itself',
        )
      const database = params.get('database')
      if (database && database !== options.engine.database)
        throw new SqlError(
          81,
          'UNKNOWN_DATABASE',
          `Database ${database} is not readable here: this endpoint reads ${options.engine.database}`,
        )
      const queryParams: Record<string, string> = {}
      for (const [name, value] of params)
        if (name.startsWith('param_')) queryParams[name.slice('param_'.length)] = value
      const result = await options.engine.run({
        sql,
        params: queryParams,
        defaultFormat: params.get('default_format') || 'TabSeparated',
        settings: requestSettings(params, options.limits),
      })
      // wait_end_of_query=1: the whole answer first, so that an error past the first rows (a
      // result limit) is answered as an error rather than appended to a 200's body.
      return respond(
        c,
        params.get('wait_end_of_query') === '1' ? await whole(result) : result,
        params,
      )
    } catch (error) {
      const failure = error instanceof SqlError ? error : undefined
      if (!failure) {
        console.error('leadhouse: /clickhouse failed:', error)
        return failed(c, new SqlError(1001, 'STD_EXCEPTION', 'internal error'))
      }
      return failed(c, failure)
    }
  }
  return (
    new Hono()
      // Behind the key like everything but ingestion (clients send it with the ping too).
      .get('/ping', (c) => {
        try {
          authenticate(c, options.access)
          return c.text('Ok.\n')
        } catch (error) {
          return failed(c, error as SqlError)
        }
      })
      // With or without the closing slash: clients write the path both ways.
      .on(['GET', 'POST'], ['/', '/*'], answer)
  )
}

/** The read role's key as the password; the user name is not checked. */
function authenticate(c: Context, access: Access): void {
  const url = new URL(c.req.url)
  let password = c.req.header('x-clickhouse-key') ?? url.searchParams.get('password') ?? undefined
  const authorization = c.req.header('authorization')
  if (password === undefined && authorization) {
    const basic = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization)?.[1]
    const bearer = /^Bearer +(\S+) *$/i.exec(authorization)?.[1]
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8')
      password = decoded.slice(decoded.indexOf(':') + 1)
    } else password = bearer
  }
  const key = password ? access.keys.verify(password) : undefined
  if (!key)
    throw new SqlError(
      516,
      'AUTHENTICATION_FAILED',
      password
        ? 'Authentication failed: the password is not a valid read key'
        : 'Authentication failed: send a read key as the password (basic auth, X-ClickHouse-Key or password=)',
    )
}

/** The `query` parameter and the body, joined as a server joins them. */
async function queryText(c: Context, params: URLSearchParams): Promise<string> {
  const head = params.get('query') ?? ''
  if (c.req.method !== 'POST') return head
  const body = await readBody(bodySource(c), MAX_QUERY_BYTES)
  if (!body.ok)
    throw new SqlError(
      62,
      'SYNTAX_ERROR',
      body.reason === 'too_large'
        ? `Query is longer than ${MAX_QUERY_BYTES} bytes`
        : 'the request body broke off',
    )
  return head && body.text ? `${head}\n${body.text}` : head || body.text
}

function headers(c: Context, format: string, summary: Record<string, number>): void {
  c.header('X-ClickHouse-Query-Id', randomUUID())
  c.header('X-ClickHouse-Format', format)
  c.header('X-ClickHouse-Server-Display-Name', 'leadhouse')
  c.header(
    'X-ClickHouse-Summary',
    JSON.stringify(Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, String(v)]))),
  )
  c.header('Content-Type', CONTENT_TYPES[format] ?? 'application/octet-stream')
}

/** A streamed answer read to its end (bounded by the engine's `max_result_bytes`). */
async function whole(result: AnalystAnswer): Promise<AnalystAnswer> {
  if (result.kind === 'whole') return result
  const chunks = result.first ? [result.first] : []
  try {
    for (let next = await result.rest.next(); !next.done; next = await result.rest.next())
      chunks.push(next.value)
  } catch (error) {
    result.cancel()
    throw error
  }
  return {
    format: result.format,
    kind: 'whole',
    bytes: Buffer.concat(chunks),
    rowsRead: 0,
    bytesRead: 0,
    elapsed: 0,
  }
}

function respond(c: Context, result: AnalystAnswer, params: URLSearchParams): Response {
  const encoding = compression(c, params)
  const summary = {
    read_rows: result.kind === 'whole' ? result.rowsRead : 0,
    read_bytes: result.kind === 'whole' ? result.bytesRead : 0,
    written_rows: 0,
    written_bytes: 0,
    total_rows_to_read: 0,
    elapsed_ns: result.kind === 'whole' ? Math.round(result.elapsed * 1e9) : 0,
  }
  headers(c, result.format, summary)
  if (encoding) c.header('Content-Encoding', encoding)
  let body: ReadableStream<Uint8Array>
  if (result.kind === 'whole') {
    const bytes = result.bytes
    body = new ReadableStream({
      start(controller) {
        if (bytes.length) controller.enqueue(bytes)
        controller.close()
      },
    })
  } else {
    let first = result.first
    body = new ReadableStream({
      async pull(controller) {
        if (first) {
          controller.enqueue(first)
          first = undefined
          return
        }
        try {
          const next = await result.rest.next()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        } catch (error) {
          // Headers are gone: the server's way is to append the exception to the body.
          const failure =
            error instanceof SqlError
              ? error
              : new SqlError(1001, 'STD_EXCEPTION', 'internal error')
          controller.enqueue(new TextEncoder().encode(`\n${errorBody(failure)}`))
          controller.close()
        }
      },
      cancel() {
        result.cancel()
      },
    })
  }
  const encoded = encoding
    ? body.pipeThrough(
        new CompressionStream(encoding) as unknown as TransformStream<Uint8Array, Uint8Array>,
      )
    : body
  return c.body(encoded, 200)
}

/** gzip or deflate, when the request asks with `enable_http_compression=1` and Accept-Encoding. */
function compression(c: Context, params: URLSearchParams): 'gzip' | 'deflate' | undefined {
  if (params.get('enable_http_compression') !== '1') return undefined
  const accepted = (c.req.header('accept-encoding') ?? '').toLowerCase()
  if (/\bgzip\b/.test(accepted)) return 'gzip'
  if (/\bdeflate\b/.test(accepted)) return 'deflate'
  return undefined
}

function failed(c: Context, error: SqlError): Response {
  c.header('X-ClickHouse-Exception-Code', String(error.code))
  c.header('Content-Type', 'text/plain; charset=UTF-8')
  // Bearer as on every other endpoint: clients send their credentials unasked, and a browser
  // shown Basic would offer its password prompt.
  if (error.code === 516) c.header('WWW-Authenticate', 'Bearer')
  return c.body(errorBody(error), statusOf(error) as 400)
}
