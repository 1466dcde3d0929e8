import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Hono } from 'hono'
import { etag } from 'hono/etag'

/** The built SDK and its version: the first 16 hex characters of its SHA-256. */
export interface SdkScript {
  code: string
  version: string
}

/** The built SDK, served as `/lh.js`. */
export function loadSdkScript(): SdkScript {
  const require = createRequire(import.meta.url)
  let code: string
  try {
    code = readFileSync(require.resolve('@leadhouse/sdk/dist/lh.js'), 'utf8')
  } catch {
    throw new Error('the SDK is not built: run `pnpm build` first')
  }
  return { code, version: createHash('sha256').update(code).digest('hex').slice(0, 16) }
}

/**
 * `GET /lh.js`: the script sites embed, cached for an hour and revalidated by ETag, so a new
 * version reaches every site within the hour. `GET /v/<version>/lh.js`: that exact build,
 * cached for good, for sites that pin what they embed.
 */
export function sdkRoutes(script: SdkScript): Hono {
  const serve = (cacheControl: string) => () =>
    new Response(script.code, {
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': cacheControl },
    })
  return new Hono()
    .use('/lh.js', etag())
    .get('/lh.js', serve('public, max-age=3600'))
    .use(`/v/${script.version}/lh.js`, etag())
    .get(`/v/${script.version}/lh.js`, serve('public, max-age=31536000, immutable'))
}
