import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { dashboardAssets } from '@leadhouse/dashboards'
import type { MiddlewareHandler } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { pageRoutes } from './pages.js'

const SCRIPT = 'console.log("the dashboard")'
const HTML =
  '<!doctype html><html><head><script src="/dashboard/assets/app-abc123.js" defer></script></head></html>'

/** A build as rollup writes it: a gzip that matches, a brotli left from an earlier build. */
function fakeBuild(): string {
  const dist = mkdtempSync(join(tmpdir(), 'lh-dashboard-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), HTML)
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), SCRIPT)
  writeFileSync(join(dist, 'assets', 'app-abc123.js.gz'), gzipSync(SCRIPT))
  writeFileSync(join(dist, 'assets', 'app-abc123.js.br'), 'not brotli of the script')
  writeFileSync(join(dist, 'assets', 'app-def456.css'), 'body{}')
  return dist
}

const passThrough: MiddlewareHandler = (_, next) => next()

describe('dashboard pages', () => {
  const dist = fakeBuild()
  afterAll(() => rmSync(dist, { recursive: true, force: true }))
  const assets = dashboardAssets(pathToFileURL(`${dist}/`))
  const app = pageRoutes(assets, 'demo', passThrough)

  it('loads the build: page, entry script, and only the compressed files that decode to theirs', () => {
    expect(assets.html).toBe(HTML)
    expect(assets.script).toBe(SCRIPT)
    expect([...(assets.assets?.keys() ?? [])].sort()).toEqual(['app-abc123.js', 'app-def456.css'])
    expect(Object.keys(assets.assets?.get('app-abc123.js')?.encoded ?? {})).toEqual(['gzip'])
  })

  it('answers the app’s page for every /dashboard path, never cached stale', async () => {
    for (const path of ['/dashboard', '/dashboard/funnel', '/dashboard/leads/detail?email=a@b.c']) {
      const response = await app.request(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(response.headers.get('cache-control'), path).toBe('no-cache')
      expect(await response.text(), path).toBe(HTML)
    }
  })

  it('serves an asset in the coding asked for, cached for good, with its type', async () => {
    const gzip = await app.request('/dashboard/assets/app-abc123.js', {
      headers: { 'accept-encoding': 'br, gzip' },
    })
    // The brotli file was stale: gzip instead.
    expect(gzip.headers.get('content-encoding')).toBe('gzip')
    expect(gzip.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(gzip.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect(gzip.headers.get('vary')).toBe('Accept-Encoding')
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(SCRIPT)
    const plain = await app.request('/dashboard/assets/app-def456.css', {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(await plain.text()).toBe('body{}')
  })

  it('answers 404 for an asset it does not have, not the page', async () => {
    const response = await app.request('/dashboard/assets/app-old999.js')
    expect(response.status).toBe(404)
  })

  it('keeps the entry script at /dashboard/app.js', async () => {
    const response = await app.request('/dashboard/app.js')
    expect(await response.text()).toBe(SCRIPT)
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('says to run pnpm build when there is no build', () => {
    const none = dashboardAssets(pathToFileURL(join(dist, 'missing/')))
    expect(none.html).toContain('pnpm build')
    expect(none.assets?.size).toBe(0)
  })
})
