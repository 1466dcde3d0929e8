/**
 * The keys the running server accepts: those the configuration sets (environment or config
 * file) and those in the keys file. The file is looked at again at most once a second, and read
 * again when it changed, so that `leadhouse keys create` and `revoke` take effect without a
 * restart and a request costs one `stat` a second at most.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { hashKey, KeysFileError, type Role, readKeys } from './keys.js'

/** A key that is known and not revoked. */
export interface ActiveKey {
  id: string
  role: Role
  /** Who acts with it: the name given at `keys create` (a salesperson's, for a sales key). */
  name: string
  /** Where it comes from: `file` (the keys file) or `config` (environment or config file). */
  source: 'file' | 'config'
}

/** A key the configuration sets, with the role it has. */
export interface ConfiguredKey {
  key: string
  role: Role
}

/** The id of a configured key: a digest of it, so that it stays the same across restarts. */
export function configuredKeyId(key: string): string {
  return `c_${createHash('sha256').update(`leadhouse key id\n${key}`).digest('hex').slice(0, 12)}`
}

export class KeyRing {
  private byHash = new Map<string, ActiveKey>()
  private byId = new Map<string, ActiveKey>()
  private fromFile = new Map<string, ActiveKey>()
  private fromFileById = new Map<string, ActiveKey>()
  private seen = ''
  private checkedAt = Number.NEGATIVE_INFINITY

  /**
   * @param file the keys file (it need not exist)
   * @param configured keys set by the configuration; they are always accepted
   * @param log told when the file cannot be read; its keys are then refused until it can
   */
  constructor(
    readonly file: string,
    configured: readonly ConfiguredKey[],
    private readonly log: (line: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    for (const { key, role } of configured) {
      const active: ActiveKey = {
        id: configuredKeyId(key),
        role,
        name: `${role} key (configuration)`,
        source: 'config',
      }
      this.byHash.set(hashKey(key), active)
      this.byId.set(active.id, active)
    }
    this.refresh(true)
  }

  /** The active key `key` is, if it is one. */
  verify(key: string): ActiveKey | undefined {
    this.refresh()
    const hash = hashKey(key)
    return this.byHash.get(hash) ?? this.fromFile.get(hash)
  }

  /** The active key with this id (a session names its key by id). */
  find(id: string): ActiveKey | undefined {
    this.refresh()
    return this.byId.get(id) ?? this.fromFileById.get(id)
  }

  /** How many keys of each role are active now. */
  count(): Record<Role, number> {
    this.refresh()
    const counts: Record<Role, number> = { read: 0, sales: 0, admin: 0 }
    for (const key of [...this.byId.values(), ...this.fromFileById.values()]) counts[key.role] += 1
    return counts
  }

  /** Reads the file again now, not waiting for the next look (after writing it ourselves). */
  reload(): void {
    this.refresh(true)
  }

  private refresh(force = false): void {
    const now = this.now()
    if (!force && now - this.checkedAt < 1000) return
    this.checkedAt = now
    let signature: string
    try {
      const stat = statSync(this.file, { bigint: true })
      // A rename gives a new inode; an edit in place changes the size or the time.
      signature = `${stat.ino}:${stat.size}:${stat.mtimeNs}`
    } catch {
      signature = 'none'
    }
    if (signature === this.seen) return
    this.seen = signature
    const byHash = new Map<string, ActiveKey>()
    const byId = new Map<string, ActiveKey>()
    try {
      for (const stored of readKeys(this.file) ?? []) {
        if (stored.revoked) continue
        const active: ActiveKey = {
          id: stored.id,
          role: stored.role,
          name: stored.name,
          source: 'file',
        }
        byHash.set(stored.sha256, active)
        byId.set(stored.id, active)
      }
    } catch (error) {
      if (!(error instanceof KeysFileError)) throw error
      // Refusing the file's keys is the safe side: a broken edit must not keep a revoked key.
      this.log(`keys: ${error.message}; its keys are refused until it is fixed`)
    }
    this.fromFile = byHash
    this.fromFileById = byId
  }
}
