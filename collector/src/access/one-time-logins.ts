/**
 * One-time login links, for the demo (`pnpm demo`): a link logs a browser in as a key, once.
 * Tokens live in this process's memory only, never on disk: a link works only in the process
 * that made it, and a restart forgets every link not yet used. Only the token's hash is kept, so
 * not even a heap dump hands out a working link. A real installation never has them: the
 * collector makes this only when started for the demo on a demo data directory (see
 * `../demo/demo-directory.ts`).
 */
import { createHash, randomBytes } from 'node:crypto'

/** How long a link works if nobody uses it: long enough to read the terminal and click. */
export const ONE_TIME_LOGIN_TTL_MS = 60 * 60_000

const TOKEN = /^[A-Za-z0-9_-]{43}$/

const digest = (token: string) => createHash('sha256').update(token).digest('hex')

export class OneTimeLogins {
  private readonly pending = new Map<string, { keyId: string; expiresAt: number }>()

  constructor(
    readonly ttlMs = ONE_TIME_LOGIN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new token that logs in as key `keyId` once, within `ttlMs`. */
  create(keyId: string): string {
    const token = randomBytes(32).toString('base64url')
    this.pending.set(digest(token), { keyId, expiresAt: this.now() + this.ttlMs })
    return token
  }

  /** The key a token logs in as, if it is one of ours, unused and not expired; used up by this. */
  redeem(token: string): string | undefined {
    if (!TOKEN.test(token)) return undefined
    const hash = digest(token)
    const entry = this.pending.get(hash)
    this.pending.delete(hash)
    for (const [other, { expiresAt }] of this.pending)
      if (expiresAt <= this.now()) this.pending.delete(other)
    return entry && entry.expiresAt > this.now() ? entry.keyId : undefined
  }
}
