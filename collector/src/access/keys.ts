/**
 * The keys file, `<stateDir>/keys.json`: the admin and read keys made at the first start and by
 * `leadhouse keys create`. Only each key's SHA-256 is stored (the keys are 256 random bits, so a
 * plain hash is as good as a slow one), with its id, role, name, creation time and a masked
 * prefix to recognise it by. Written whole to a temporary file and renamed over the old one, mode
 * 0600, so that the running server, which re-reads the file when it changes, never sees half of it.
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'

export const ROLES = ['read', 'sales', 'admin'] as const
/**
 * What a key may do: `read` the dashboard and read APIs; `sales` that, the MQL queue and the
 * sales decisions (accept, reject, reassign a lead), acting under the key's name; `admin` all.
 */
export type Role = (typeof ROLES)[number]

/** The keys file in a state directory. */
export function keysFile(stateDir: string): string {
  return join(stateDir, 'keys.json')
}

const storedKeySchema = z.strictObject({
  id: z.string().regex(/^k_[0-9a-f]{12}$/),
  role: z.enum(ROLES),
  name: z.string().max(200),
  /** The key's first characters and an ellipsis: enough to tell keys apart, not to guess one. */
  masked: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  created: z.string(),
  revoked: z.string().optional(),
})
export type StoredKey = z.infer<typeof storedKeySchema>

const keysFileSchema = z.strictObject({ version: z.literal(1), keys: z.array(storedKeySchema) })

/** The SHA-256 of a key, hex: what the file stores and what a presented key is looked up by. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** A new key of `role`: `lh_admin_`, `lh_sales_` or `lh_read_` and 256 random bits in base64url. */
export function generateKey(role: Role): string {
  return `lh_${role}_${randomBytes(32).toString('base64url')}`
}

/** `lh_admin_Xy3…` */
export function maskKey(key: string): string {
  const prefix = /^lh_(?:admin|sales|read)_/.exec(key)?.[0] ?? ''
  return `${key.slice(0, prefix.length + 4)}…`
}

/** A stored record of `key` (not the key itself). */
export function keyRecord(key: string, role: Role, name: string, now = new Date()): StoredKey {
  return {
    id: `k_${randomBytes(6).toString('hex')}`,
    role,
    name,
    masked: maskKey(key),
    sha256: hashKey(key),
    created: now.toISOString(),
  }
}

/** The file is there but is not a keys file: the message names it and the problem. */
export class KeysFileError extends Error {
  override name = 'KeysFileError'
}

/** The keys in `file`; undefined when there is no file. Throws a `KeysFileError` when broken. */
export function readKeys(file: string): StoredKey[] | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new KeysFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`)
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof keysFileSchema>>
  try {
    parsed = keysFileSchema.safeParse(JSON.parse(text))
  } catch (error) {
    throw new KeysFileError(`${file}: is not valid JSON: ${(error as Error).message}`)
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new KeysFileError(`${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`)
  }
  return parsed.data.keys
}

function serialise(keys: StoredKey[]): string {
  return `${JSON.stringify({ version: 1, keys }, null, 2)}\n`
}

function temporaryBeside(file: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
}

/** Replaces the file's keys with `keys`, atomically, mode 0600. */
export function writeKeys(file: string, keys: StoredKey[]): void {
  const temporary = temporaryBeside(file)
  writeFileSync(temporary, serialise(keys), { mode: 0o600 })
  // The mode of a new file is masked by the umask; this one must be 0600 whatever it is.
  chmodSync(temporary, 0o600)
  renameSync(temporary, file)
}

/**
 * Writes `keys` as the file only if there is none yet: true if this call created it. Two
 * processes starting on one fresh directory at once both try; a hard link fails for the second
 * instead of replacing the first one's keys, which it has already printed.
 */
export function createKeysOnce(file: string, keys: StoredKey[]): boolean {
  const temporary = temporaryBeside(file)
  writeFileSync(temporary, serialise(keys), { mode: 0o600 })
  chmodSync(temporary, 0o600)
  try {
    linkSync(temporary, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    rmSync(temporary, { force: true })
  }
}

/**
 * The first start's keys: when the file does not exist, one admin and one read key are made,
 * stored (hashed) and returned, so the caller can show them this once. Undefined when the file
 * was already there.
 */
export function writeFirstKeys(
  file: string,
  now = new Date(),
): { admin: string; read: string } | undefined {
  if (readKeys(file) !== undefined) return undefined
  const admin = generateKey('admin')
  const read = generateKey('read')
  const records = [
    keyRecord(admin, 'admin', 'made at the first start', now),
    keyRecord(read, 'read', 'made at the first start', now),
  ]
  return createKeysOnce(file, records) ? { admin, read } : undefined
}

/** Adds a new key of `role` to the file; returns the key (shown once) and its record. */
export function createKey(
  file: string,
  role: Role,
  name: string,
  now = new Date(),
): { key: string; record: StoredKey } {
  const key = generateKey(role)
  const record = keyRecord(key, role, name, now)
  writeKeys(file, [...(readKeys(file) ?? []), record])
  return { key, record }
}

/** Marks the key `id` revoked; returns its record, or undefined when the file has no such key. */
export function revokeKey(file: string, id: string, now = new Date()): StoredKey | undefined {
  const keys = readKeys(file) ?? []
  const found = keys.find((key) => key.id === id)
  if (!found) return undefined
  if (!found.revoked) {
    found.revoked = now.toISOString()
    writeKeys(file, keys)
  }
  return found
}
