/**
 * Keys as a new user meets them: the first start on a fresh data directory makes an admin and a
 * read key, prints them once and keeps only their hashes (mode 0600); a restart reuses them and
 * prints nothing secret; `leadhouse keys` makes and revokes keys while the server runs, and a
 * revoked key is refused without a restart. The keys of before roles still work.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'
import { eventually } from './support/browser.js'
import { runLeadhouseCli as leadhouse, spawnCollector } from './support/collector.js'

/** Leadhouse once it serves; `stop()` answers everything it wrote. */
async function start(env: Record<string, string>) {
  const started = spawnCollector({ env })
  const url = await started.serving
  return {
    url,
    output: started.output,
    async stop() {
      await started.stop()
      return started.output()
    },
  }
}

const activity = (url: string, key?: string) =>
  fetch(`${url}/api/v1/activity`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  }).then((response) => response.status)

describe('keys from the first start', () => {
  it('makes, prints once, keeps hashed, reuses on restart, and revokes without a restart', async () => {
    const dataDir = temporaryDataDir()
    const env = { LEADHOUSE_DATA_DIR: dataDir }
    const first = await start(env)
    const printed = first.output()
    const admin = /admin key {2}(lh_admin_[A-Za-z0-9_-]{43})\n/.exec(printed)?.[1]
    const read = /read key {3}(lh_read_[A-Za-z0-9_-]{43})\n/.exec(printed)?.[1]
    expect(admin, printed).toBeDefined()
    expect(read, printed).toBeDefined()
    expect(printed).toContain(`log in to the dashboard at ${first.url}/login`)
    const file = join(dataDir, 'leadhouse', 'keys.json')
    expect(printed).toContain(file)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const stored = readFileSync(file, 'utf8')
    expect(stored).not.toContain(admin)
    expect(stored).not.toContain(read)
    expect(JSON.parse(stored).keys).toHaveLength(2)

    expect(await activity(first.url)).toBe(401)
    expect(await activity(first.url, read)).toBe(200)
    expect(await activity(first.url, admin)).toBe(200)
    const metrics = (key: string) =>
      fetch(`${first.url}/metrics`, { headers: { authorization: `Bearer ${key}` } }).then(
        (response) => response.status,
      )
    expect(await metrics(read as string)).toBe(403)
    expect(await metrics(admin as string)).toBe(200)

    // The CLI, while the server runs.
    const created = await leadhouse(['keys', 'create', '--role', 'read', '--name', 'laptop'], env)
    expect(created.code).toBe(0)
    const made = /(lh_read_[A-Za-z0-9_-]{43})/.exec(created.output)?.[1] as string
    const id = /read key (k_[0-9a-f]{12})/.exec(created.output)?.[1] as string
    expect(made).toBeDefined()
    await eventually(async () => ((await activity(first.url, made)) === 200 ? true : undefined))
    const list = await leadhouse(['keys', 'list'], env)
    expect(list.code).toBe(0)
    expect(list.output).toContain(id)
    expect(list.output).toContain('laptop')
    expect(list.output).toMatch(/lh_admin_.{4}…/)
    for (const key of [admin, read, made]) expect(list.output).not.toContain(key)

    const revoked = await leadhouse(['keys', 'revoke', id], env)
    expect(revoked.code, revoked.output).toBe(0)
    // Within about a second, without a restart.
    const startedAt = Date.now()
    await eventually(
      async () => ((await activity(first.url, made)) === 403 ? true : undefined),
      5000,
    )
    expect(Date.now() - startedAt).toBeLessThan(3000)
    expect(await activity(first.url, read)).toBe(200)
    expect((await leadhouse(['keys', 'list'], env)).output).toMatch(
      new RegExp(`${id} +read .* revoked \\d{4}-`),
    )
    const stopped = await first.stop()
    expect(stopped).toContain('SIGTERM: stopping')

    // A later start reuses the file and prints nothing secret.
    const before = readFileSync(file, 'utf8')
    const second = await start(env)
    const again = second.output()
    expect(again).not.toContain('first start')
    for (const key of [admin, read, made]) expect(again).not.toContain(key)
    expect(again).toMatch(/keys {7}1 admin, 1 read \(.*keys\.json\)/)
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(await activity(second.url, admin)).toBe(200)
    expect(await activity(second.url, made)).toBe(403)
    await second.stop()
  })

  it('names the argument at fault in a bad keys command', async () => {
    const env = { LEADHOUSE_DATA_DIR: temporaryDataDir() }
    const cases: [string[], RegExp][] = [
      [['keys', 'create'], /--role: name the role of the new key, read, sales or admin/],
      [['keys', 'create', '--role', 'owner'], /--role: must be read, sales or admin, got "owner"/],
      [['keys', 'create', '--role', 'read', '--name', ''], /--name: must be 1 to 200 characters/],
      [['keys', 'create', '--role', 'sales'], /--name: a sales key needs the salesperson's name/],
      [['keys', 'revoke'], /keys revoke: name one key id/],
      [['keys', 'revoke', 'k_000000000000'], /k_000000000000: no key with this id in .*keys\.json/],
      [['keys', 'rotate'], /keys: unknown command "rotate"/],
      [['keys', 'create', '--rol', 'read'], /Unknown option '--rol'/],
    ]
    for (const [args, message] of cases) {
      const { code, output } = await leadhouse(args, env)
      expect(code, args.join(' ')).toBe(2)
      expect(output, args.join(' ')).toMatch(message)
    }
    const configured = await leadhouse(['keys', 'list'], {
      ...env,
      LEADHOUSE_ADMIN_KEY: 'lh_admin_configured-0123456789',
    })
    expect(configured.output).toMatch(/c_[0-9a-f]{12} +admin +- +lh_a… +active +\(configuration\)/)
  })

  it('takes keys from LEADHOUSE_SECRET_KEYS and LEADHOUSE_READ_TOKENS, with a notice, and makes none', async () => {
    const dataDir = temporaryDataDir()
    const legacy = await start({
      LEADHOUSE_DATA_DIR: dataDir,
      LEADHOUSE_SECRET_KEYS: 'sk_legacy_0123456789abc',
      LEADHOUSE_READ_TOKENS: 'rt_legacy_0123456789abc',
    })
    const output = legacy.output()
    expect(output).toContain(
      'leadhouse: notice: LEADHOUSE_SECRET_KEYS is deprecated: name the keys in LEADHOUSE_ADMIN_KEY',
    )
    expect(output).toContain(
      'leadhouse: notice: LEADHOUSE_READ_TOKENS is deprecated: name the keys in LEADHOUSE_READ_KEYS',
    )
    expect(output).not.toContain('first start')
    expect(output).toMatch(/keys {7}1 admin, 1 read \(2 from the configuration/)
    expect(await activity(legacy.url, 'rt_legacy_0123456789abc')).toBe(200)
    const build = await fetch(`${legacy.url}/api/v1/models/run`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_legacy_0123456789abc' },
    })
    expect(build.status).toBe(200)
    expect(() => statSync(join(dataDir, 'leadhouse', 'keys.json'))).toThrow(/ENOENT/)
    await legacy.stop()
  })
})
