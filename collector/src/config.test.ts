import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, configFromEnv, parseDuration } from './config.js'

describe('configFromEnv', () => {
  it('defaults to the demo site on 127.0.0.1:8787 with builds every minute', () => {
    expect(configFromEnv({})).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      sites: [{ id: 'demo' }],
      modelsIntervalMs: 60_000,
      modelsRefreshMs: 3_600_000,
      modelsStaleAfterMs: 600_000,
    })
  })

  it('keeps the spool in the data directory unless LEADHOUSE_SPOOL_DIR names another', () => {
    const dataDir = resolve('/srv/lh-data')
    expect(configFromEnv({ LEADHOUSE_DATA_DIR: '/srv/lh-data' })).toMatchObject({
      dataDir,
      stateDir: join(dataDir, 'leadhouse'),
      spoolDir: join(dataDir, 'leadhouse', 'spool'),
      spoolDirIsDefault: true,
    })
    expect(configFromEnv({}).spoolDir).toBe(resolve('.leadhouse/data/leadhouse/spool'))
    expect(
      configFromEnv({ LEADHOUSE_DATA_DIR: '/srv/lh-data', LEADHOUSE_SPOOL_DIR: '/var/spool/lh' }),
    ).toMatchObject({ spoolDir: '/var/spool/lh', spoolDirIsDefault: false })
  })

  it('calls marts stale after 3 intervals, at least 10 minutes, and never without a schedule', () => {
    expect(configFromEnv({ LEADHOUSE_MODELS_INTERVAL: '5m' }).modelsStaleAfterMs).toBe(900_000)
    expect(configFromEnv({ LEADHOUSE_MODELS_INTERVAL: '0' }).modelsStaleAfterMs).toBe(0)
    expect(
      configFromEnv({ LEADHOUSE_MODELS_INTERVAL: '0', LEADHOUSE_MODELS_STALE_AFTER: '2m' }),
    ).toMatchObject({ modelsStaleAfterMs: 120_000 })
    expect(
      configFromEnv({ LEADHOUSE_MODELS_REFRESH: '15m', LEADHOUSE_MODELS_STALE_AFTER: '0' }),
    ).toMatchObject({ modelsRefreshMs: 900_000, modelsStaleAfterMs: 0 })
  })

  it('reads PORT, HOST, LEADHOUSE_SITES and LEADHOUSE_MODELS_INTERVAL', () => {
    expect(
      configFromEnv({
        PORT: '0',
        HOST: '0.0.0.0',
        LEADHOUSE_SITES: 'acme, beta.io',
        LEADHOUSE_MODELS_INTERVAL: '0',
      }),
    ).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      sites: [{ id: 'acme' }, { id: 'beta.io' }],
      modelsIntervalMs: 0,
    })
  })

  it('reads LEADHOUSE_READY_INSERT_FAILURE as a duration, 30 s by default, and names a bad one', () => {
    expect(configFromEnv({}).readyInsertFailureMs).toBe(30_000)
    expect(configFromEnv({ LEADHOUSE_READY_INSERT_FAILURE: '2m' }).readyInsertFailureMs).toBe(
      120_000,
    )
    expect(configFromEnv({ LEADHOUSE_READY_INSERT_FAILURE: '500ms' }).readyInsertFailureMs).toBe(
      500,
    )
    expect(() => configFromEnv({ LEADHOUSE_READY_INSERT_FAILURE: 'a while' })).toThrow(
      'LEADHOUSE_READY_INSERT_FAILURE: must be a duration such as 30, 30s, 2m or 500ms, got "a while"',
    )
  })

  it.each([
    ['false', 0],
    ['0', 0],
    ['true', 1],
    ['2', 2],
  ])('reads LEADHOUSE_TRUST_PROXY=%s as %d proxies in front', (value, proxies) => {
    expect(configFromEnv({ LEADHOUSE_TRUST_PROXY: value }).trustProxy).toBe(proxies)
  })

  it.each([
    [
      { LEADHOUSE_TRUST_PROXY: 'yes' },
      'LEADHOUSE_TRUST_PROXY: must be false, true (one proxy) or the number of proxies, 0-9',
    ],
    [{ PORT: 'abc' }, 'PORT: must be a port number from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT: must be a port number from 0 to 65535, got "70000"'],
    [{ LEADHOUSE_SITES: ' , ' }, 'LEADHOUSE_SITES: name at least one site id'],
    [{ LEADHOUSE_SITES: 'ok,<bad>' }, 'LEADHOUSE_SITES.1: site ids are 1-64 letters'],
    [
      { LEADHOUSE_MODELS_INTERVAL: 'soon' },
      'LEADHOUSE_MODELS_INTERVAL: must be a duration such as 300, 90s, 5m or 0 (off), got "soon"',
    ],
    [
      { LEADHOUSE_MODELS_STALE_AFTER: 'later' },
      'LEADHOUSE_MODELS_STALE_AFTER: must be a duration such as 600, 10m or 0 (off), got "later"',
    ],
  ])('names the variable and the problem for %j', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(ConfigError)
    expect(() => configFromEnv(env)).toThrow(message)
  })
})

describe('parseDuration', () => {
  it.each([
    ['300', 300_000],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', '5 minutes', '-1', '1.5m'])('refuses %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  )
})
