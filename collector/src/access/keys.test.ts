import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'
import { configuredKeyId, KeyRing } from './key-ring.js'
import {
  createKey,
  generateKey,
  hashKey,
  KeysFileError,
  keysFile,
  maskKey,
  readKeys,
  revokeKey,
  writeFirstKeys,
} from './keys.js'
import { Sessions } from './sessions.js'

describe('keys', () => {
  it('are 256 random bits behind a prefix naming the role, masked to their first characters', () => {
    const key = generateKey('admin')
    expect(key).toMatch(/^lh_admin_[A-Za-z0-9_-]{43}$/)
    expect(generateKey('admin')).not.toBe(key)
    expect(generateKey('read')).toMatch(/^lh_read_/)
    expect(maskKey(key)).toBe(`${key.slice(0, 13)}…`)
  })

  it('are made once for a fresh state directory, stored hashed at mode 0600', () => {
    const file = keysFile(temporaryDataDir())
    const made = writeFirstKeys(file)
    expect(made).toBeDefined()
    expect(writeFirstKeys(file)).toBeUndefined()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(made?.admin)
    expect(text).toContain(hashKey(made?.admin ?? ''))
    expect(readKeys(file)?.map((key) => key.role)).toEqual(['admin', 'read'])
  })

  it('are created and revoked by rewriting the file whole, still 0600', () => {
    const file = keysFile(temporaryDataDir())
    const { record } = createKey(file, 'read', 'laptop')
    createKey(file, 'admin', 'ci')
    expect(revokeKey(file, record.id)?.revoked).toMatch(/^\d{4}-/)
    expect(revokeKey(file, 'k_000000000000')).toBeUndefined()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readKeys(file)?.map((key) => [key.name, Boolean(key.revoked)])).toEqual([
      ['laptop', true],
      ['ci', false],
    ])
  })

  it('name the file and the problem when it is broken', () => {
    const file = keysFile(temporaryDataDir())
    createKey(file, 'read', '')
    writeFileSync(file, '{"version": 1, "keys": [{"id": "nope"}]}')
    expect(() => readKeys(file)).toThrow(KeysFileError)
    expect(() => readKeys(file)).toThrow(`${file}: keys.0.id`)
    writeFileSync(file, '{')
    expect(() => readKeys(file)).toThrow(/is not valid JSON/)
  })
})

describe('KeyRing', () => {
  it('accepts configured keys and the file keys, and sees the file change within a second', () => {
    const file = keysFile(temporaryDataDir())
    let now = 0
    const logged: string[] = []
    const ring = new KeyRing(
      file,
      [{ key: 'configured-admin-key-0123', role: 'admin' }],
      (line) => logged.push(line),
      () => now,
    )
    expect(ring.verify('configured-admin-key-0123')).toEqual({
      id: configuredKeyId('configured-admin-key-0123'),
      role: 'admin',
      name: 'admin key (configuration)',
      source: 'config',
    })
    const { key, record } = createKey(file, 'read', 'Reporting')
    // Looked at again only after a second.
    expect(ring.verify(key)).toBeUndefined()
    now += 1000
    expect(ring.verify(key)).toEqual({
      id: record.id,
      role: 'read',
      name: 'Reporting',
      source: 'file',
    })
    expect(ring.find(record.id)?.role).toBe('read')
    expect(ring.count()).toEqual({ admin: 1, sales: 0, read: 1 })
    revokeKey(file, record.id)
    now += 1000
    expect(ring.verify(key)).toBeUndefined()
    expect(ring.find(record.id)).toBeUndefined()
    // A broken file: its keys are refused, the configured ones still pass.
    const other = createKey(file, 'admin', '')
    now += 1000
    expect(ring.verify(other.key)?.role).toBe('admin')
    writeFileSync(file, 'broken')
    now += 1000
    expect(ring.verify(other.key)).toBeUndefined()
    expect(ring.verify('configured-admin-key-0123')?.role).toBe('admin')
    expect(logged.join('\n')).toMatch(/is not valid JSON; its keys are refused until it is fixed/)
  })
})

describe('Sessions', () => {
  it('signs a session with a secret made on the first login, kept at mode 0600', () => {
    const dir = temporaryDataDir()
    let now = 1_000_000
    const sessions = new Sessions(dir, 60_000, () => now)
    expect(sessions.read('k_0123456789ab.abc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe(
      undefined,
    )
    // Reading makes no secret: only a login does.
    expect(existsSync(join(dir, 'session-secret'))).toBe(false)
    const { value, expiresAt } = sessions.issue('k_0123456789ab')
    expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600)
    expect(sessions.read(value)).toEqual({ keyId: 'k_0123456789ab', expiresAt })
    // Another process on the same directory (a restart) reads the same secret.
    expect(new Sessions(dir, 60_000, () => now).read(value)?.keyId).toBe('k_0123456789ab')
    // Another directory's secret does not verify it.
    const elsewhere = new Sessions(temporaryDataDir(), 60_000, () => now)
    elsewhere.issue('k_0123456789ab')
    expect(elsewhere.read(value)).toBeUndefined()
    now = expiresAt
    expect(sessions.read(value)).toBeUndefined()
  })
})
