/**
 * @leadhouse/dashboards: the built-in dashboard, served by the collector under `/dashboard`.
 * This module is the collector's side: it loads what `pnpm build` wrote to `dist/` (the app's
 * HTML, and its hashed chunks (the entry, a page each, preact, plot) and stylesheet with their
 * `.gz`/`.br` files). The app itself is
 * `src/app/` (Preact, built by rollup); it reads the read API (`/api/v1/...`) from the browser
 * with the session cookie of `/login`, and has no inline script (the collector's CSP allows none).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'

/** The content codings the assets are precompressed in, the smaller first. */
export const ASSET_ENCODINGS = ['br', 'gzip'] as const
export type AssetEncoding = (typeof ASSET_ENCODINGS)[number]

/** One built file under `/dashboard/assets/`: hashed name, so it can be cached for good. */
export interface DashboardAsset {
  body: Uint8Array
  contentType: string
  /** The same bytes compressed at build time (a coding missing: served uncompressed). */
  encoded: Partial<Record<AssetEncoding, Uint8Array>>
}

export interface DashboardAssets {
  /** The page served for every `/dashboard/*` path. */
  html: string
  /** The app's script, also served at `/dashboard/app.js` (a stable URL for it). */
  script: string
  /** The built files by name (`app-<hash>.js`, `app-<hash>.css`); absent: none. */
  assets?: ReadonlyMap<string, DashboardAsset>
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  json: 'application/json',
}

const decoders: Record<AssetEncoding, (data: Uint8Array) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
}

/** Shown when `dist/` is missing: the collector still starts, and says what to do. */
const NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Leadhouse</title></head>
<body><h1>The dashboard is not built</h1><p>Run <code>pnpm build</code>, then reload this page.</p></body></html>
`

/**
 * The built dashboard from `dist/` (`pnpm build`): its page, its script and every asset with
 * the compressed files that decode to it (one left from an earlier build is not used). Without
 * a build, a page that says to run `pnpm build`.
 */
export function dashboardAssets(dist = new URL('../dist/', import.meta.url)): DashboardAssets {
  let html: string
  try {
    html = readFileSync(new URL('index.html', dist), 'utf8')
  } catch {
    return { html: NOT_BUILT_HTML, script: '', assets: new Map() }
  }
  const folder = new URL('assets/', dist)
  const assets = new Map<string, DashboardAsset>()
  for (const name of readdirSync(folder)) {
    const extension = name.split('.').pop() ?? ''
    const contentType = CONTENT_TYPES[extension]
    if (!contentType) continue
    const body = readFileSync(new URL(name, folder))
    const encoded: DashboardAsset['encoded'] = {}
    for (const encoding of ASSET_ENCODINGS) {
      try {
        const data = readFileSync(new URL(`${name}.${encoding === 'gzip' ? 'gz' : 'br'}`, folder))
        if (decoders[encoding](data).equals(body)) encoded[encoding] = data
      } catch {
        // Missing or not decodable: served uncompressed.
      }
    }
    assets.set(name, { body, contentType, encoded })
  }
  const entry = /src="\/dashboard\/assets\/([^"]+\.js)"/.exec(html)?.[1]
  const entryAsset = entry ? assets.get(entry) : undefined
  const script = entryAsset ? new TextDecoder().decode(entryAsset.body) : ''
  return { html, script, assets }
}
