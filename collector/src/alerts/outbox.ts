import { createHash } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Alert } from './alert.js'

/**
 * The alert outbox: one JSON file per alert in the data directory, written (and fdatasync'ed,
 * with its directory) before the alert is sent, and rewritten the same way after each attempt.
 * A file is replaced by a rename, so a `kill -9` at any moment leaves either the old state or the
 * new one, never half of one: an alert is at worst sent again, with the same idempotency key.
 * Delivered and dead alerts stay, so that the same alert_id from a later build is known, until
 * they are older than anything a build is read for (`Deliverer` prunes them).
 */

/** Where one destination of an alert stands. */
export interface DeliveryState {
  state: 'pending' | 'delivered' | 'dead'
  attempts: number
  /** Milliseconds since the epoch before which the next attempt waits. */
  nextAttemptAt: number
  lastError?: string | undefined
  deliveredAt?: number | undefined
}

export interface OutboxEntry {
  alert: Alert
  /** When the outbox took the alert, ms. */
  queuedAt: number
  /** By destination name (`webhook`, `slack`, `email`). */
  deliveries: Record<string, DeliveryState>
}

export type EntryState = 'pending' | 'delivered' | 'dead'

/** Dead when a destination is, delivered when all are, else pending. */
export function entryState(entry: OutboxEntry): EntryState {
  const states = Object.values(entry.deliveries).map((delivery) => delivery.state)
  if (states.includes('dead')) return 'dead'
  return states.every((state) => state === 'delivered') ? 'delivered' : 'pending'
}

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>()
  /** Writes of one entry run one after the other: the last state written is the last one set. */
  private readonly writing = new Map<string, Promise<void>>()
  private temporary = 0

  private constructor(private readonly dir: string) {}

  /** Opens the outbox in `dir`, reading every entry an earlier process left. */
  static async open(dir: string): Promise<Outbox> {
    await mkdir(dir, { recursive: true })
    const outbox = new Outbox(dir)
    for (const name of await readdir(dir)) {
      // A `.tmp` file is a write a crash cut short: the entry's previous file stands.
      if (name.endsWith('.tmp')) await unlink(join(dir, name)).catch(() => undefined)
      if (!name.endsWith('.json')) continue
      const entry = JSON.parse(await readFile(join(dir, name), 'utf8')) as OutboxEntry
      outbox.entries.set(entry.alert.alertId, entry)
    }
    return outbox
  }

  has(alertId: string): boolean {
    return this.entries.has(alertId)
  }

  get(alertId: string): OutboxEntry | undefined {
    return this.entries.get(alertId)
  }

  all(): OutboxEntry[] {
    return [...this.entries.values()]
  }

  /** Durably adds `entry`, unless its alert_id is known already (answers false then). */
  async add(entry: OutboxEntry): Promise<boolean> {
    if (this.entries.has(entry.alert.alertId)) return false
    this.entries.set(entry.alert.alertId, entry)
    try {
      await this.save(entry)
    } catch (error) {
      // Not on disk, so not queued: the next collect tries again.
      this.entries.delete(entry.alert.alertId)
      throw error
    }
    return true
  }

  /**
   * Forgets the entries `old` picks (delivered ones the models can no longer decide again),
   * their files first. Answers how many.
   */
  async prune(old: (entry: OutboxEntry) => boolean): Promise<number> {
    let removed = 0
    for (const entry of this.all()) {
      if (!old(entry) || this.writing.has(entry.alert.alertId)) continue
      await unlink(join(this.dir, `${fileName(entry.alert.alertId)}.json`)).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error
        },
      )
      this.entries.delete(entry.alert.alertId)
      removed += 1
    }
    return removed
  }

  /** Durably writes `entry` as it is now. */
  save(entry: OutboxEntry): Promise<void> {
    const id = entry.alert.alertId
    const previous = this.writing.get(id) ?? Promise.resolve()
    const next = previous.then(() => this.write(id, JSON.stringify(entry)))
    const settled = next.catch(() => undefined)
    this.writing.set(id, settled)
    void settled.then(() => {
      if (this.writing.get(id) === settled) this.writing.delete(id)
    })
    return next
  }

  private async write(alertId: string, text: string): Promise<void> {
    const file = join(this.dir, `${fileName(alertId)}.json`)
    const temporary = `${file}.${process.pid}.${this.temporary++}.tmp`
    const handle = await open(temporary, 'w')
    try {
      await handle.writeFile(text)
      await handle.datasync()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
    // The rename is durable only once the directory is.
    const dir = await open(this.dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  }
}

/** A file name for any alert_id: its SHA-256, as alert ids come from the models. */
function fileName(alertId: string): string {
  return createHash('sha256').update(alertId).digest('hex')
}
