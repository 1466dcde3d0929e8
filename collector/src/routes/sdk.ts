import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Hono } from 'hono'

/** The built SDK; the collector serves it as `/lh.js`. */
export function loadSdkScript(): string {
  const require = createRequire(import.meta.url)
  try {
    return readFileSync(require.resolve('@leadhouse/sdk/dist/lh.js'), 'utf8')
  } catch {
    throw new Error('the SDK is not built: run `pnpm build` first')
  }
}

/** `GET /lh.js`: the script sites embed. */
export function sdkRoutes(script: string): Hono {
  return new Hono().get('/lh.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8')
    c.header('cache-control', 'public, max-age=300')
    return c.body(script)
  })
}
