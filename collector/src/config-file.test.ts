import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

function dirWith(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadhouse-config-'))
  writeFileSync(join(dir, name), content)
  return dir
}

describe('loadConfig with a config file', () => {
  it('reads sites with their origins, keys and settings from leadhouse.config.json', () => {
    const dir = dirWith(
      'leadhouse.config.json',
      JSON.stringify({
        port: 9000,
        sites: [
          { id: 'acme', origins: ['https://www.acme.com', 'https://acme.com'] },
          { id: 'blog' },
        ],
        secretKeys: ['sk_0123456789abcdef'],
        readTokens: ['rt_0123456789abcdef'],
        ip: 'hash',
        trustProxy: 2,
        spool: { maxBytes: '256MiB' },
      }),
    )
    const config = loadConfig({}, dir)
    const oneProxy = dirWith('leadhouse.config.yaml', 'trustProxy: true\n')
    expect(loadConfig({}, oneProxy).trustProxy).toBe(1)
    expect(config).toMatchObject({
      trustProxy: 2,
      port: 9000,
      sites: [
        { id: 'acme', origins: ['https://www.acme.com', 'https://acme.com'] },
        { id: 'blog', origins: [] },
      ],
      secretKeys: ['sk_0123456789abcdef'],
      readTokens: ['rt_0123456789abcdef'],
      ipMode: 'hash',
      spoolMaxBytes: 256 * 1024 ** 2,
      file: join(dir, 'leadhouse.config.json'),
    })
  })

  it("reads a site's privacy options", () => {
    const dir = dirWith(
      'leadhouse.config.yaml',
      'sites:\n  - id: acme\n    privacy: { ip: hash, country: false }\n  - id: blog\n',
    )
    expect(loadConfig({}, dir).sites).toEqual([
      { id: 'acme', origins: [], privacy: { ip: 'hash', country: false } },
      { id: 'blog', origins: [] },
    ])
  })

  it('keeps the origins and privacy options of the sites LEADHOUSE_SITES names', () => {
    const dir = dirWith(
      'leadhouse.config.json',
      JSON.stringify({
        sites: [
          { id: 'acme', origins: ['https://acme.com'], privacy: { ip: 'hash' } },
          { id: 'blog', origins: ['https://blog.acme.com'] },
        ],
      }),
    )
    // The variable chooses the sites; it does not open a configured one to every origin.
    expect(loadConfig({ LEADHOUSE_SITES: 'acme,new' }, dir).sites).toEqual([
      { id: 'acme', origins: ['https://acme.com'], privacy: { ip: 'hash' } },
      { id: 'new', origins: [] },
    ])
  })

  it('reads YAML, and lets environment variables override the file', () => {
    const dir = dirWith(
      'leadhouse.config.yaml',
      'port: 9000\nmodelsInterval: 10m\nmodelsRefresh: 15m\nmodelsStaleAfter: 0\nsites:\n  - id: acme\n',
    )
    expect(loadConfig({ PORT: '9100' }, dir)).toMatchObject({
      port: 9100,
      modelsIntervalMs: 600_000,
      modelsRefreshMs: 900_000,
      modelsStaleAfterMs: 0,
      sites: [{ id: 'acme' }],
    })
  })

  it.each([
    ['an unknown key', { sitse: [] }, 'sitse'],
    [
      'an origin with a path',
      { sites: [{ id: 'acme', origins: ['https://acme.com/shop'] }] },
      'sites[0].origins[0]: must be an origin',
    ],
    [
      'a short secret key',
      { secretKeys: ['short'] },
      'secretKeys[0]: must be at least 16 characters',
    ],
    [
      'an unknown IP mode for a site',
      { sites: [{ id: 'acme', privacy: { ip: 'raw' } }] },
      'sites[0].privacy.ip: must be truncate or hash',
    ],
    ['a port of the wrong type', { port: '80' }, 'port: Invalid input: expected number'],
    [
      'a bad duration',
      { modelsInterval: 'soon' },
      '(as LEADHOUSE_MODELS_INTERVAL): must be a duration',
    ],
  ])('names the file, the key and the problem for %s', (_, content, message) => {
    const dir = dirWith('leadhouse.config.json', JSON.stringify(content))
    expect(() => loadConfig({}, dir)).toThrow(ConfigError)
    expect(() => loadConfig({}, dir)).toThrow(join(dir, 'leadhouse.config.json'))
    expect(() => loadConfig({}, dir)).toThrow(message)
  })

  it('says when the file is not JSON, or LEADHOUSE_CONFIG names a missing file', () => {
    const dir = dirWith('leadhouse.config.json', '{ "port": ')
    expect(() => loadConfig({}, dir)).toThrow(/leadhouse\.config\.json: is not valid JSON/)
    expect(() => loadConfig({ LEADHOUSE_CONFIG: 'elsewhere.yaml' }, dir)).toThrow(
      /elsewhere\.yaml: cannot be read \(ENOENT\)/,
    )
  })

  it('without a file, runs on defaults: the demo site, open to any origin', () => {
    const config = loadConfig({}, mkdtempSync(join(tmpdir(), 'leadhouse-config-')))
    expect(config).toMatchObject({
      sites: [{ id: 'demo', origins: [] }],
      secretKeys: [],
      readTokens: [],
      file: undefined,
    })
  })

  it('refuses short keys given in the environment', () => {
    expect(() => loadConfig({ LEADHOUSE_SECRET_KEYS: 'abc' }, tmpdir())).toThrow(
      'LEADHOUSE_SECRET_KEYS: each key must be at least 16 characters',
    )
  })
})
