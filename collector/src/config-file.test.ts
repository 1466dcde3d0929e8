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
        adminKeys: ['sk_0123456789abcdef'],
        readKeys: ['rt_0123456789abcdef'],
        allowedHosts: ['lh.acme.com', '10.0.0.5:8787'],
        metrics: { public: true },
        sessionTtl: '30m',
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
      adminKeys: ['sk_0123456789abcdef'],
      readKeys: ['rt_0123456789abcdef'],
      deprecations: [],
      allowedHosts: ['lh.acme.com', '10.0.0.5:8787'],
      metricsPublic: true,
      sessionTtlMs: 30 * 60_000,
      ipMode: 'hash',
      spoolMaxBytes: 256 * 1024 ** 2,
      file: join(dir, 'leadhouse.config.json'),
    })
  })

  it('reads the ClickHouse cluster from clickhouse.cluster, overridden by CLICKHOUSE_CLUSTER', () => {
    const dir = dirWith(
      'leadhouse.config.json',
      JSON.stringify({
        clickhouse: { url: 'http://ch1:8123', database: 'lh', cluster: 'leadhouse_cluster' },
      }),
    )
    expect(loadConfig({}, dir).warehouse).toMatchObject({
      url: 'http://ch1:8123',
      database: 'lh',
      cluster: 'leadhouse_cluster',
    })
    expect(loadConfig({ CLICKHOUSE_CLUSTER: 'other' }, dir).warehouse.cluster).toBe('other')
    expect(loadConfig({}, dirWith('leadhouse.config.json', '{}')).warehouse.cluster).toBeUndefined()
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

  it('reads readyInsertFailure as a duration, seconds when a number', () => {
    const dir = dirWith('leadhouse.config.json', JSON.stringify({ readyInsertFailure: 90 }))
    expect(loadConfig({}, dir).readyInsertFailureMs).toBe(90_000)
    expect(loadConfig({ LEADHOUSE_READY_INSERT_FAILURE: '1m' }, dir).readyInsertFailureMs).toBe(
      60_000,
    )
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
      adminKeys: [],
      readKeys: [],
      allowedHosts: [],
      metricsPublic: false,
      sessionTtlMs: 12 * 3_600_000,
      file: undefined,
    })
  })

  it('takes the keys of before roles as admin and read keys, with a notice naming the new names', () => {
    const dir = dirWith(
      'leadhouse.config.json',
      JSON.stringify({
        secretKeys: ['sk_file_0123456789ab'],
        readTokens: ['rt_file_0123456789ab'],
      }),
    )
    expect(loadConfig({}, dir)).toMatchObject({
      adminKeys: ['sk_file_0123456789ab'],
      readKeys: ['rt_file_0123456789ab'],
      deprecations: [
        'secretKeys in the config file is deprecated: use adminKeys',
        'readTokens in the config file is deprecated: use readKeys',
      ],
    })
    const fromEnv = loadConfig(
      {
        LEADHOUSE_SECRET_KEYS: 'sk_env_0123456789ab',
        LEADHOUSE_ADMIN_KEY: 'lh_admin_0123456789ab',
        LEADHOUSE_READ_TOKENS: 'rt_env_0123456789ab,rt_env_2_0123456789',
      },
      dir,
    )
    // The environment overrides the file, key list by key list.
    expect(fromEnv).toMatchObject({
      adminKeys: ['lh_admin_0123456789ab', 'sk_env_0123456789ab'],
      readKeys: ['rt_env_0123456789ab', 'rt_env_2_0123456789'],
    })
    expect(fromEnv.deprecations).toContain(
      'LEADHOUSE_SECRET_KEYS is deprecated: name the keys in LEADHOUSE_ADMIN_KEY',
    )
  })

  it('names a bad host, metrics switch or session lifetime', () => {
    expect(() => loadConfig({ LEADHOUSE_ALLOWED_HOSTS: 'ok.example, bad host' }, tmpdir())).toThrow(
      /LEADHOUSE_ALLOWED_HOSTS\.1: each entry is a host name/,
    )
    expect(() => loadConfig({ LEADHOUSE_METRICS_PUBLIC: 'yes' }, tmpdir())).toThrow(
      'LEADHOUSE_METRICS_PUBLIC: must be true or false',
    )
    for (const ttl of ['0', '9601h', 'a day'])
      expect(() => loadConfig({ LEADHOUSE_SESSION_TTL: ttl }, tmpdir())).toThrow(
        /LEADHOUSE_SESSION_TTL: must be a duration above 0 and at most 9600h/,
      )
    expect(loadConfig({ LEADHOUSE_SESSION_TTL: '9600h' }, tmpdir()).sessionTtlMs).toBe(
      9600 * 3_600_000,
    )
  })

  it('refuses short keys given in the environment', () => {
    expect(() => loadConfig({ LEADHOUSE_SECRET_KEYS: 'abc' }, tmpdir())).toThrow(
      'LEADHOUSE_SECRET_KEYS: each key must be at least 16 characters',
    )
  })
})
