import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { Hono } from 'hono'

/** The content codings `/lh.js` is served in besides none, the smaller first. */
export const SDK_ENCODINGS = ['br', 'gzip'] as const
export type SdkEncoding = (typeof SDK_ENCODINGS)[number]

/** A built SDK script and its version: the first 16 hex characters of its SHA-256. */
export interface SdkScript {
  code: string
  version: string
  /** The file it is served as: `lh.js` when not given. */
  file?: string
  /**
   * The opt-in scripts served beside it, each the same way: `lh-forms.js` (frames, closed shadow
   * roots, formless lead forms, `form.submit()`).
   */
  extensions?: SdkScript[]
  /**
   * The code compressed at build time (`lh.js.br`, `lh.js.gz`: zopfli). Codings not given are
   * compressed when the routes are made.
   */
  encoded?: Partial<Record<SdkEncoding, Uint8Array>>
}

const decoders: Record<SdkEncoding, (data: Uint8Array) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
}

/** The opt-in scripts the SDK builds beside lh.js. */
export const SDK_EXTENSIONS = ['lh-forms.js'] as const

/**
 * The built SDK, served as `/lh.js`, with its precompressed files, and its opt-in scripts
 * (`SDK_EXTENSIONS`) the same way. A compressed file that does not decode to its script (left
 * from an earlier build) is not used.
 */
export function loadSdkScript(): SdkScript {
  return { ...loadSdkFile('lh.js'), extensions: SDK_EXTENSIONS.map(loadSdkFile) }
}

/** One built script of the SDK, `file` in its dist, with its precompressed files. */
export function loadSdkFile(file: string): SdkScript {
  const require = createRequire(import.meta.url)
  const read = (name: string) => readFileSync(require.resolve(`@leadhouse/sdk/dist/${name}`))
  let code: string
  try {
    code = read(file).toString('utf8')
  } catch {
    throw new Error(`the SDK is not built (no ${file}): run \`pnpm build\` first`)
  }
  const encoded: SdkScript['encoded'] = {}
  for (const [encoding, suffix] of [
    ['br', 'br'],
    ['gzip', 'gz'],
  ] as const) {
    try {
      const data = read(`${file}.${suffix}`)
      if (decoders[encoding](data).toString('utf8') === code) encoded[encoding] = data
    } catch {
      // Missing or not decodable: compressed when the routes are made.
    }
  }
  const version = createHash('sha256').update(code).digest('hex').slice(0, 16)
  return { code, version, file, encoded }
}

/**
 * The coding to answer an `Accept-Encoding` with: brotli where accepted, else gzip, else none;
 * of `offered` only, when given (the codings a file has). A coding is accepted when listed (or
 * covered by `*`) with a q-value above 0.
 */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  offered: readonly SdkEncoding[] = SDK_ENCODINGS,
): SdkEncoding | undefined {
  const weights = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim())
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    if (name) weights.set(name, q ? Number(q.slice(2)) || 0 : 1)
  }
  return SDK_ENCODINGS.find(
    (encoding) =>
      offered.includes(encoding) && (weights.get(encoding) ?? weights.get('*') ?? 0) > 0,
  )
}

/** One form of the script as served: its bytes, its coding and its strong ETag. */
interface Representation {
  body: Uint8Array<ArrayBuffer> | string
  encoding: SdkEncoding | undefined
  etag: string
}

/**
 * `GET /lh.js`: the script sites embed, cached for an hour and revalidated by ETag, so a new
 * version reaches every site within the hour. `GET /v/<version>/lh.js`: that exact build,
 * cached for good, for sites that pin what they embed. Both answer in the smallest coding the
 * browser accepts (brotli, else gzip, precompressed at build time), with `Vary: Accept-Encoding`
 * and an ETag of each coding's own, so that no cache hands one coding to a browser asking for
 * another. Each opt-in script (`extensions`: `/lh-forms.js`) is served the same way, pinned by
 * its own version (`/v/<its version>/lh-forms.js`).
 */
export function sdkRoutes(script: SdkScript): Hono {
  const app = new Hono()
  for (const each of [script, ...(script.extensions ?? [])]) scriptRoutes(app, each)
  return app
}

/** The two routes of one script: latest and pinned. */
function scriptRoutes(app: Hono, script: SdkScript): void {
  const file = script.file ?? 'lh.js'
  const compressors: Record<SdkEncoding, (code: string) => Uint8Array> = {
    br: (code) => brotliCompressSync(code),
    gzip: (code) => gzipSync(code, { level: 9 }),
  }
  const representations = new Map<SdkEncoding | undefined, Representation>([
    [undefined, { body: script.code, encoding: undefined, etag: `"${script.version}"` }],
  ])
  for (const encoding of SDK_ENCODINGS) {
    const body = new Uint8Array(script.encoded?.[encoding] ?? compressors[encoding](script.code))
    representations.set(encoding, { body, encoding, etag: `"${script.version}-${encoding}"` })
  }

  const serve = (cacheControl: string) => (request: Request) => {
    const chosen = representations.get(chooseEncoding(request.headers.get('accept-encoding') ?? ''))
    const { body, encoding, etag } = chosen as Representation
    const headers: Record<string, string> = {
      'cache-control': cacheControl,
      vary: 'Accept-Encoding',
      etag,
    }
    if (ifNoneMatch(request.headers.get('if-none-match'), etag))
      return new Response(null, { status: 304, headers })
    headers['content-type'] = 'text/javascript; charset=utf-8'
    if (encoding) headers['content-encoding'] = encoding
    return new Response(body, { headers })
  }
  const latest = serve('public, max-age=3600')
  const pinned = serve('public, max-age=31536000, immutable')
  app.get(`/${file}`, (c) => latest(c.req.raw))
  app.get(`/v/${script.version}/${file}`, (c) => pinned(c.req.raw))
}

/** Whether an `If-None-Match` names `etag` (weakly compared, as RFC 9110 asks for it), or is `*`. */
function ifNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*')
}
