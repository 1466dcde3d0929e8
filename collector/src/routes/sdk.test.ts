import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { chooseEncoding, loadSdkScript, type SdkScript, sdkRoutes } from './sdk.js'

const code = '(()=>{/* the SDK */})()'
/** A script whose precompressed files are marked, to tell them from compression on the fly. */
const script: SdkScript = {
  code,
  version: '0123456789abcdef',
  encoded: { br: brotliCompressSync(code), gzip: gzipSync(code, { level: 1 }) },
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await sdkRoutes(script).request(path, { headers })
  return { response, body: new Uint8Array(await response.arrayBuffer()) }
}

describe('chooseEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['BR', 'br'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['identity', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('answers %j with %s', (header, encoding) => {
    expect(chooseEncoding(header)).toBe(encoding)
  })
})

describe('GET /lh.js', () => {
  it('serves the precompressed brotli or gzip bytes as they are, by Accept-Encoding', async () => {
    const br = await get('/lh.js', { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.response.headers.get('content-encoding')).toBe('br')
    expect(br.body).toEqual(new Uint8Array(script.encoded?.br as Uint8Array))
    const gzip = await get('/lh.js', { 'accept-encoding': 'gzip' })
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip')
    expect(gzip.body).toEqual(new Uint8Array(script.encoded?.gzip as Uint8Array))
    const plain = await get('/lh.js')
    expect(plain.response.headers.get('content-encoding')).toBeNull()
    expect(new TextDecoder().decode(plain.body)).toBe(code)
    for (const { response } of [br, gzip, plain]) {
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(response.headers.get('vary')).toBe('Accept-Encoding')
      expect(response.headers.get('cache-control')).toBe('public, max-age=3600')
    }
  })

  it('gives each coding an ETag of its own and revalidates by it', async () => {
    const tags = await Promise.all(
      ['br', 'gzip', 'identity'].map(
        async (encoding) =>
          (await get('/lh.js', { 'accept-encoding': encoding })).response.headers.get(
            'etag',
          ) as string,
      ),
    )
    expect(tags).toEqual(['"0123456789abcdef-br"', '"0123456789abcdef-gzip"', '"0123456789abcdef"'])
    const [brTag, gzipTag] = tags as [string, string]
    const fresh = await get('/lh.js', { 'accept-encoding': 'br', 'if-none-match': brTag })
    expect(fresh.response.status).toBe(304)
    expect(fresh.body).toHaveLength(0)
    expect(fresh.response.headers.get('vary')).toBe('Accept-Encoding')
    expect(fresh.response.headers.get('etag')).toBe(brTag)
    // A gzip copy does not validate a brotli answer.
    const other = await get('/lh.js', { 'accept-encoding': 'br', 'if-none-match': gzipTag })
    expect(other.response.status).toBe(200)
    const weak = await get('/lh.js', { 'accept-encoding': 'gzip', 'if-none-match': `W/${gzipTag}` })
    expect(weak.response.status).toBe(304)
  })

  it('serves the pinned version the same way, cached for good', async () => {
    const { response, body } = await get('/v/0123456789abcdef/lh.js', { 'accept-encoding': 'br' })
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('etag')).toBe('"0123456789abcdef-br"')
    expect(brotliDecompressSync(body).toString()).toBe(code)
    expect((await get('/v/fedcba9876543210/lh.js')).response.status).toBe(404)
  })

  it('compresses what the build did not precompress', async () => {
    const response = await sdkRoutes({ code, version: 'v' }).request('/lh.js', {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(gunzipSync(new Uint8Array(await response.arrayBuffer())).toString()).toBe(code)
  })
})

describe('GET /lh-forms.js', () => {
  const formsCode = '(()=>{/* the forms extension */})()'
  const forms: SdkScript = {
    code: formsCode,
    version: 'fedcba9876543210',
    file: 'lh-forms.js',
    encoded: { br: brotliCompressSync(formsCode), gzip: gzipSync(formsCode, { level: 1 }) },
  }
  const routes = sdkRoutes({ ...script, extensions: [forms] })
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await routes.request(path, { headers })
    return { response, body: new Uint8Array(await response.arrayBuffer()) }
  }

  it('serves the opt-in script beside lh.js the same way: codings, ETags, revalidation', async () => {
    const gzip = await get('/lh-forms.js', { 'accept-encoding': 'gzip' })
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip')
    expect(gzip.body).toEqual(new Uint8Array(forms.encoded?.gzip as Uint8Array))
    expect(gzip.response.headers.get('etag')).toBe('"fedcba9876543210-gzip"')
    expect(gzip.response.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(gzip.response.headers.get('vary')).toBe('Accept-Encoding')
    expect(gzip.response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const br = await get('/lh-forms.js', { 'accept-encoding': 'br' })
    expect(br.body).toEqual(new Uint8Array(forms.encoded?.br as Uint8Array))
    const plain = await get('/lh-forms.js')
    expect(new TextDecoder().decode(plain.body)).toBe(formsCode)
    const fresh = await get('/lh-forms.js', {
      'accept-encoding': 'gzip',
      'if-none-match': '"fedcba9876543210-gzip"',
    })
    expect(fresh.response.status).toBe(304)
    // lh.js is still lh.js.
    expect(new TextDecoder().decode((await get('/lh.js')).body)).toBe(code)
  })

  it('serves its pinned version by its own version, cached for good', async () => {
    const { response, body } = await get('/v/fedcba9876543210/lh-forms.js', {
      'accept-encoding': 'br',
    })
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(body).toString()).toBe(formsCode)
    expect((await get('/v/0123456789abcdef/lh-forms.js')).response.status).toBe(404)
  })
})

describe('loadSdkScript', () => {
  it('reads the build and its precompressed files, which decode to it', () => {
    const loaded = loadSdkScript()
    expect(loaded.code.length).toBeGreaterThan(1000)
    expect(brotliDecompressSync(loaded.encoded?.br as Uint8Array).toString()).toBe(loaded.code)
    expect(gunzipSync(loaded.encoded?.gzip as Uint8Array).toString()).toBe(loaded.code)
  })

  it('reads the opt-in lh-forms.js beside it, with its own version and precompressed files', () => {
    const [forms] = loadSdkScript().extensions ?? []
    expect(forms?.file).toBe('lh-forms.js')
    expect(forms?.code).toContain('data-lh-identify')
    expect(forms?.version).toMatch(/^[0-9a-f]{16}$/)
    expect(gunzipSync(forms?.encoded?.gzip as Uint8Array).toString()).toBe(forms?.code)
    expect(brotliDecompressSync(forms?.encoded?.br as Uint8Array).toString()).toBe(forms?.code)
  })
})
