/**
 * Dashboard sessions: a cookie naming the key that logged in and when the session ends, signed
 * with HMAC-SHA256. The signing secret is made on the first login and kept in
 * `<stateDir>/session-secret` (mode 0600), so sessions outlive a restart; deleting the file ends
 * every session. A session is only as good as its key: the key's id is looked up on every
 * request, so revoking the key ends its sessions.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The session cookie's name. */
export const SESSION_COOKIE = 'lh_session'

/** What a valid cookie says. */
export interface Session {
  keyId: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export class Sessions {
  private secret: Buffer | undefined

  /**
   * @param stateDir where the signing secret is kept
   * @param ttlMs how long a session lasts from the login
   */
  constructor(
    private readonly stateDir: string,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A cookie value for a session of key `keyId` starting now. */
  issue(keyId: string): { value: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs
    const payload = `${keyId}.${expiresAt.toString(36)}`
    return { value: `${payload}.${this.sign(payload, true)}`, expiresAt }
  }

  /** The session a cookie value carries, if it is signed by us and not expired. */
  read(value: string): Session | undefined {
    const match = /^([A-Za-z0-9_]{1,40})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value)
    if (!match) return undefined
    const [, keyId = '', expires = '', mac = ''] = match
    const expected = this.sign(`${keyId}.${expires}`, false)
    if (!expected) return undefined
    const given = Buffer.from(mac)
    const wanted = Buffer.from(expected)
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return undefined
    const expiresAt = Number.parseInt(expires, 36)
    if (!(expiresAt > this.now())) return undefined
    return { keyId, expiresAt }
  }

  /** The MAC of `payload`; without a secret yet, one is made only when `create` says so. */
  private sign(payload: string, create: boolean): string | undefined {
    const secret = this.loadSecret(create)
    return secret && createHmac('sha256', secret).update(`v1\n${payload}`).digest('base64url')
  }

  private loadSecret(create: boolean): Buffer | undefined {
    if (this.secret) return this.secret
    const file = join(this.stateDir, 'session-secret')
    try {
      this.secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
      return this.secret
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return undefined
    }
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 })
    chmodSync(temporary, 0o600)
    try {
      // Made once: a second process making its own at the same moment keeps the first one's.
      linkSync(temporary, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      rmSync(temporary, { force: true })
    }
    return this.loadSecret(false)
  }
}
