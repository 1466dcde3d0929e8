import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { ProfileError } from './errors.js'
import { type ProfileOptions, resolveProfile } from './profiles.js'

const made: string[] = []

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadhouse-profiles-'))
  made.push(dir)
  return dir
}

function writeProfiles(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'profiles.yml')
  writeFileSync(file, text)
  return file
}

/** A profile whose embedded target's schema says which file it came from. */
function markedProfiles(mark: string): string {
  return `shop:\n  target: dev\n  outputs:\n    dev:\n      type: clickhouse\n      schema: ${mark}\n`
}

/**
 * A project folder holding `profiles` and an env whose home is an empty temp folder, so that
 * the developer's own ~/.dbt never leaks in.
 */
function setup(profiles?: string) {
  const projectDir = tempDir()
  const home = tempDir()
  const file = join(projectDir, 'profiles.yml')
  if (profiles !== undefined) writeProfiles(projectDir, profiles)
  const env: NodeJS.ProcessEnv = { HOME: home, USERPROFILE: home }
  const resolveWith = (options: Partial<ProfileOptions> = {}) =>
    resolveProfile({ projectDir, profileName: 'shop', env, ...options })
  return { projectDir, home, env, file, resolveWith }
}

function errorOf(run: () => unknown): ProfileError {
  try {
    run()
  } catch (error) {
    if (error instanceof ProfileError) return error
    throw error
  }
  throw new Error('expected a ProfileError')
}

describe('where profiles.yml is read from', () => {
  it('takes --profiles-dir first, then DBT_PROFILES_DIR, then the project, then ~/.dbt', () => {
    const { env, file, home, resolveWith } = setup(markedProfiles('in_project'))
    const flagDir = tempDir()
    const envDir = tempDir()
    writeProfiles(flagDir, markedProfiles('from_flag'))
    writeProfiles(envDir, markedProfiles('from_env'))
    writeProfiles(join(home, '.dbt'), markedProfiles('from_home'))
    env.DBT_PROFILES_DIR = envDir

    expect(resolveWith({ profilesDir: flagDir }).schema).toBe('from_flag')
    expect(resolveWith().schema).toBe('from_env')
    delete env.DBT_PROFILES_DIR
    expect(resolveWith()).toMatchObject({ schema: 'in_project', file })
  })

  it('falls back to ~/.dbt when the project has no profiles.yml', () => {
    const { home, resolveWith } = setup()
    const file = writeProfiles(join(home, '.dbt'), markedProfiles('from_home'))
    expect(resolveWith()).toMatchObject({ schema: 'from_home', file })
  })

  it('names every path it tried when there is no profiles.yml', () => {
    const { projectDir, home, resolveWith } = setup()
    const error = errorOf(() => resolveWith())
    expect(error.message).toContain(join(projectDir, 'profiles.yml'))
    expect(error.message).toContain(join(home, '.dbt', 'profiles.yml'))
  })

  it('does not fall back from a folder named on purpose', () => {
    const { resolveWith } = setup(markedProfiles('in_project'))
    const empty = tempDir()
    const error = errorOf(() => resolveWith({ profilesDir: empty }))
    expect(error.message).toContain(join(empty, 'profiles.yml'))
    expect(error.message).toContain('--profiles-dir')
  })
})

describe('rendering with Jinja', () => {
  const serverProfile = `
shop:
  target: server
  outputs:
    server:
      type: clickhouse
      host: "{{ env_var('CH_HOST') }}"
      port: "{{ env_var('CH_PORT', '9123') | int }}"
      user: "{{ env_var('CH_USER', default='reader') }}"
      password: "{{ env_var('CH_PASSWORD', '') }}"
      schema: "analytics_{{ env_var('CH_SUFFIX', 'dev') }}"
      threads: "{{ env_var('CH_THREADS', '4') }}"
`

  it('reads environment variables and their defaults', () => {
    const { env, resolveWith } = setup(serverProfile)
    env.CH_HOST = 'ch.internal'
    env.CH_PASSWORD = 's3cret'
    expect(resolveWith()).toEqual({
      profileName: 'shop',
      targetName: 'server',
      schema: 'analytics_dev',
      threads: 4,
      warehouse: {
        url: 'http://ch.internal:9123',
        username: 'reader',
        password: 's3cret',
        database: 'analytics_dev',
      },
      file: expect.stringMatching(/profiles\.yml$/),
    })
  })

  it('names the variable and the key when a variable without default is unset', () => {
    const { resolveWith } = setup(serverProfile)
    const error = errorOf(() => resolveWith())
    expect(error.message).toContain("env_var('CH_HOST') is not set and has no default")
    expect(error.message).toContain('shop.outputs.server.host')
  })

  it('renders only the chosen target, as dbt does', () => {
    const { resolveWith } = setup(
      `${serverProfile}    embedded:\n      type: clickhouse\n      schema: local\n`,
    )
    expect(resolveWith({ target: 'embedded' }).schema).toBe('local')
  })

  it('turns as_number, as_bool and | int into numbers and booleans', () => {
    const { env, resolveWith } = setup(`
shop:
  outputs:
    default:
      type: clickhouse
      host: ch.example.com
      port: "{{ env_var('CH_PORT') | as_number }}"
      secure: "{{ env_var('CH_SECURE', 'True') | as_bool }}"
      threads: "{{ '8' | int }}"
`)
    env.CH_PORT = '9443'
    expect(resolveWith()).toMatchObject({
      targetName: 'default',
      threads: 8,
      warehouse: { url: 'https://ch.example.com:9443' },
    })
    env.CH_PORT = 'eighty'
    expect(errorOf(() => resolveWith()).message).toContain(
      "shop.outputs.default.port: 'eighty' is not a number",
    )
  })

  it('rejects a port that is not a whole number, naming the key', () => {
    const { resolveWith } = setup(
      'shop:\n  outputs:\n    default:\n      type: clickhouse\n      host: ch\n      port: "81x"\n',
    )
    expect(errorOf(() => resolveWith()).message).toMatch(
      /shop\.outputs\.default\.port: must be a whole number from 1 to 65535, got "81x"/,
    )
  })

  it('renders the profile target key too', () => {
    const { env, resolveWith } = setup(`
shop:
  target: "{{ env_var('SHOP_TARGET', 'dev') }}"
  outputs:
    dev: { type: clickhouse, schema: dev }
    prod: { type: clickhouse, schema: prod }
`)
    expect(resolveWith().targetName).toBe('dev')
    env.SHOP_TARGET = 'prod'
    expect(resolveWith().schema).toBe('prod')
    env.DBT_TARGET = 'dev'
    expect(resolveWith().schema).toBe('dev')
    expect(resolveWith({ target: 'prod' }).schema).toBe('prod')
  })
})

describe('embedded engine or server', () => {
  it('uses the embedded engine without a host, with `path` relative to the project', () => {
    const { projectDir, resolveWith } = setup(`
shop:
  target: local
  outputs:
    local:
      type: clickhouse
      schema: shop
      path: data/chdb
`)
    expect(resolveWith()).toMatchObject({
      schema: 'shop',
      threads: 1,
      warehouse: { database: 'shop', dataDir: join(projectDir, 'data/chdb') },
    })
  })

  it('takes LEADHOUSE_DATA_DIR, then the default folder, both from the working directory', () => {
    const { env, resolveWith } = setup(markedProfiles('shop'))
    expect(resolveWith().warehouse).toEqual({
      database: 'shop',
      dataDir: resolve('.leadhouse/data'),
    })
    env.LEADHOUSE_DATA_DIR = 'var/warehouse'
    expect(resolveWith().warehouse.dataDir).toBe(resolve('var/warehouse'))
  })

  it('treats an empty host as none, so an unset variable means embedded', () => {
    const { resolveWith } = setup(`
shop:
  outputs:
    default:
      type: clickhouse
      host: "{{ env_var('CH_HOST', '') }}"
`)
    expect(resolveWith()).toMatchObject({ schema: 'default', warehouse: { database: 'default' } })
    expect(resolveWith().warehouse.url).toBeUndefined()
  })

  it("takes dbt-clickhouse's chdb driver and chdb_path as the embedded engine", () => {
    const { projectDir, resolveWith } = setup(`
shop:
  outputs:
    default: { type: clickhouse, driver: chdb, host: ignored, chdb_path: state }
`)
    expect(resolveWith().warehouse).toEqual({
      database: 'default',
      dataDir: join(projectDir, 'state'),
    })
  })

  it('connects to a server with defaults for port, user and password', () => {
    const { resolveWith } = setup(`
defaults: &defaults
  type: clickhouse
  schema: shop
shop:
  outputs:
    default: { <<: *defaults, host: ch.example.com }
    tls: { <<: *defaults, host: ch.example.com, secure: true, user: "" }
    ipv6: { <<: *defaults, host: "::1", port: 18123 }
`)
    expect(resolveWith().warehouse).toEqual({
      url: 'http://ch.example.com:8123',
      username: 'default',
      password: '',
      database: 'shop',
    })
    expect(resolveWith({ target: 'tls' }).warehouse).toMatchObject({
      url: 'https://ch.example.com:8443',
      username: 'default',
    })
    expect(resolveWith({ target: 'ipv6' }).warehouse.url).toBe('http://[::1]:18123')
  })

  it('takes `database` as the schema when schema is absent, and refuses two that differ', () => {
    const { resolveWith } = setup(`
shop:
  outputs:
    default: { type: clickhouse, database: marts }
    both: { type: clickhouse, database: marts, schema: staging }
`)
    expect(resolveWith().schema).toBe('marts')
    expect(errorOf(() => resolveWith({ target: 'both' })).message).toContain(
      "schema 'staging' and database 'marts' differ",
    )
  })

  it('accepts keys dbt-clickhouse knows that the runner does not use', () => {
    const { resolveWith } = setup(`
shop:
  outputs:
    default:
      type: clickhouse
      host: ch
      cluster: main
      verify: false
      connect_timeout: 10
      send_receive_timeout: 300
      custom_settings: { max_threads: "{{ 2 }}" }
`)
    expect(resolveWith().warehouse.url).toBe('http://ch:8123')
  })

  it("takes dbt-clickhouse's cluster for a server, and names a cluster it cannot use", () => {
    const { resolveWith } = setup(`
shop:
  outputs:
    default: { type: clickhouse, host: ch, schema: shop, cluster: leadhouse_cluster, local_suffix: _local }
    none: { type: clickhouse, host: ch, schema: shop, cluster: "" }
    embedded: { type: clickhouse, schema: shop, cluster: main }
    bad: { type: clickhouse, host: ch, cluster: "main; DROP TABLE x" }
    suffix: { type: clickhouse, host: ch, cluster: main, local_suffix: _shard }
`)
    expect(resolveWith().warehouse).toMatchObject({
      url: 'http://ch:8123',
      database: 'shop',
      cluster: 'leadhouse_cluster',
    })
    expect(resolveWith({ target: 'none' }).warehouse.cluster).toBeUndefined()
    expect(errorOf(() => resolveWith({ target: 'embedded' })).message).toContain(
      "outputs.embedded.cluster: 'main' needs a server (host)",
    )
    expect(errorOf(() => resolveWith({ target: 'bad' })).message).toContain(
      "outputs.bad.cluster: 'main; DROP TABLE x' is not a cluster name",
    )
    expect(errorOf(() => resolveWith({ target: 'suffix' })).message).toContain(
      "outputs.suffix.local_suffix: only '_local' is supported",
    )
  })

  it('resolves both targets of the project profile', () => {
    const modelsDir = fileURLToPath(new URL('..', import.meta.url))
    const options = { projectDir: modelsDir, profileName: 'leadhouse', env: {} }
    expect(resolveProfile(options)).toMatchObject({
      targetName: 'embedded',
      schema: 'leadhouse',
      warehouse: { database: 'leadhouse', dataDir: resolve('.leadhouse/data') },
    })
    expect(resolveProfile({ ...options, target: 'server' }).warehouse).toEqual({
      url: 'http://localhost:8123',
      username: 'default',
      password: '',
      database: 'leadhouse',
    })
    const onCluster = { ...options, target: 'server', env: { CLICKHOUSE_CLUSTER: 'main' } }
    expect(resolveProfile(onCluster).warehouse.cluster).toBe('main')
  })
})

describe('errors', () => {
  it('lists the profiles of the file for an unknown profile', () => {
    const { file, resolveWith } = setup(markedProfiles('x'))
    const error = errorOf(() => resolveWith({ profileName: 'other' }))
    expect(error.message).toContain(`${file}: no profile named 'other'`)
    expect(error.message).toContain('profiles in this file: shop')
  })

  it('lists the targets for an unknown target', () => {
    const { file, resolveWith } = setup(`
shop:
  target: dev
  outputs:
    dev: { type: clickhouse }
    prod: { type: clickhouse }
`)
    const error = errorOf(() => resolveWith({ target: 'staging' }))
    expect(error.message).toBe(
      `${file}: profile 'shop' has no target 'staging' (from --target); its targets: dev, prod`,
    )
  })

  it('names the type key when the target is not ClickHouse', () => {
    const { resolveWith } = setup(
      'shop:\n  outputs:\n    default: { type: postgres, host: db, dbname: shop }\n',
    )
    expect(errorOf(() => resolveWith()).message).toContain(
      "shop.outputs.default.type: is 'postgres'; this runner only speaks ClickHouse",
    )
  })

  it('names a key dbt-clickhouse does not know', () => {
    const { resolveWith } = setup(
      'shop:\n  outputs:\n    default: { type: clickhouse, hots: ch.example.com }\n',
    )
    expect(errorOf(() => resolveWith()).message).toContain(
      'shop.outputs.default.hots: not a key of dbt-clickhouse targets',
    )
  })

  it('says only http is supported for the native driver and its ports', () => {
    const { resolveWith } = setup(`
shop:
  outputs:
    default: { type: clickhouse, host: ch, driver: native }
    port: { type: clickhouse, host: ch, port: 9000 }
`)
    expect(errorOf(() => resolveWith()).message).toContain(
      "shop.outputs.default.driver: 'native' is not supported; only http is",
    )
    expect(errorOf(() => resolveWith({ target: 'port' })).message).toContain(
      "port: 9000 is ClickHouse's native protocol port; only http is supported",
    )
  })

  it('gives the file and line of a YAML syntax error', () => {
    const { file, resolveWith } = setup(
      'shop:\n  outputs:\n    default:\n      type: clickhouse\n     host: [unclosed\n',
    )
    expect(errorOf(() => resolveWith()).message).toMatch(
      new RegExp(`^${escapeRegExp(file)}:5:\\d+: invalid YAML: `),
    )
  })

  it('gives the key of a Jinja syntax error', () => {
    const { resolveWith } = setup(
      'shop:\n  outputs:\n    default: { type: clickhouse, schema: "{{ env_var(" }\n',
    )
    expect(errorOf(() => resolveWith()).message).toContain('shop.outputs.default.schema: ')
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
