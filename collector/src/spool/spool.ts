import { type FileHandle, open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import {
  deleteSegment,
  encodeRecords,
  listSegments,
  readSegment,
  type SpoolRecord,
  segmentName,
} from './segments.js'

/**
 * Inserts rows, given as JSON lines, into a raw table; `token` makes a repeated insert of the
 * same rows a no-op.
 */
export type InsertRows = (table: string, rows: string[], token: string) => Promise<void>

export interface SpoolOptions {
  dir: string
  insert: InsertRows
  /** Bytes on disk past which `append` refuses (the collector answers 503). Default 1 GiB. */
  maxBytes?: number
  /** Rows after which a segment is sealed and flushed. Default 10,000. */
  segmentRows?: number
  /** Milliseconds after which a segment with rows is sealed and flushed. Default 1,000. */
  flushIntervalMs?: number
  /** Told of each flush: rows, seconds, or the error. */
  onFlush?: (result: { rows: number; seconds: number } | { error: unknown }) => void
}

/** The spool is over its disk budget: answer 503 and let clients retry. */
export class SpoolFullError extends Error {
  override name = 'SpoolFullError'
}

export interface SpoolState {
  /** Segments on disk not yet in the warehouse, the active one included. */
  segments: number
  bytes: number
  /** Age of the oldest record not yet in the warehouse, in seconds; 0 when empty. */
  oldestSeconds: number
}

const MAX_BACKOFF_MS = 30_000

/**
 * A durable spool in front of the warehouse. `append` resolves only once the records are on
 * disk (written and fdatasync'ed, one sync for every append waiting at that moment), so an
 * acknowledged event survives a crash of the process. A background flusher inserts sealed
 * segments in order, each with a dedup token so that a segment inserted again after a crash
 * does not count twice, and deletes a segment only once the warehouse took all of it.
 * Segments left by an earlier process are flushed first.
 */
export class Spool {
  private readonly maxBytes: number
  private readonly segmentRows: number
  private readonly flushIntervalMs: number
  private waiting: {
    text: string
    rows: number
    resolve: () => void
    reject: (error: unknown) => void
  }[] = []
  private writing = false
  private active:
    | { name: string; handle: FileHandle; rows: number; bytes: number; opened: number }
    | undefined
  private nextSequence = 1
  /** Sealed segments waiting for the warehouse, oldest first, with their size and birth time. */
  private sealed: { name: string; bytes: number; opened: number }[] = []
  private flushing: Promise<void> | undefined
  private failures = 0
  private timer: NodeJS.Timeout | undefined
  private closed = false
  /** Ends the flusher's backoff early (shutdown, drain). */
  private wake: (() => void) | undefined

  private constructor(private readonly options: SpoolOptions) {
    this.maxBytes = options.maxBytes ?? 1024 ** 3
    this.segmentRows = options.segmentRows ?? 10_000
    this.flushIntervalMs = options.flushIntervalMs ?? 1000
  }

  /** Opens the spool in `dir`, taking over what an earlier process left there. */
  static async open(options: SpoolOptions): Promise<Spool> {
    const spool = new Spool(options)
    for (const { name, sequence } of await listSegments(options.dir)) {
      const { size, mtimeMs } = await stat(join(options.dir, name))
      spool.sealed.push({ name, bytes: size, opened: mtimeMs })
      spool.nextSequence = sequence + 1
    }
    spool.timer = setInterval(() => void spool.tick(), spool.flushIntervalMs)
    spool.timer.unref()
    spool.kickFlush()
    return spool
  }

  /** Writes `records` durably; resolves once they are on disk. */
  append(records: SpoolRecord[]): Promise<void> {
    const refusal = this.refusal()
    if (refusal) return Promise.reject(new SpoolFullError(refusal))
    return new Promise((resolve, reject) => {
      this.waiting.push({ text: encodeRecords(records), rows: records.length, resolve, reject })
      void this.writeWaiting()
    })
  }

  /** Why `append` would refuse now, if it would. */
  refusal(): string | undefined {
    if (this.closed) return 'the collector is shutting down'
    const { bytes } = this.state()
    if (bytes > this.maxBytes)
      return `the spool holds ${bytes} bytes, over its budget of ${this.maxBytes}`
    return undefined
  }

  state(now = Date.now()): SpoolState {
    const segments = [...this.sealed, ...(this.active ? [this.active] : [])]
    const oldest = segments[0]?.opened
    return {
      segments: segments.length,
      bytes: segments.reduce((sum, segment) => sum + segment.bytes, 0),
      oldestSeconds: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000),
    }
  }

  /**
   * Seals what is written and tries once to flush everything now; resolves when done. What the
   * warehouse does not take stays on disk for the flusher.
   */
  async drain(): Promise<void> {
    while (this.writing) await new Promise((resolve) => setTimeout(resolve, 5))
    await this.seal()
    this.wake?.()
    await this.flushing
    this.failures = 0
    await this.flushSealed({ once: true })
  }

  /** Stops accepting and drains. What the warehouse does not take is flushed at the next start. */
  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    await this.drain()
  }

  /** Group commit: every append waiting now shares one write and one fdatasync. */
  private async writeWaiting(): Promise<void> {
    if (this.writing) return
    this.writing = true
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0)
        try {
          const active = await this.activeSegment()
          const text = group.map((item) => item.text).join('')
          // appendFile writes all of it or throws; write() may stop short (a full disk).
          await active.handle.appendFile(text)
          await active.handle.datasync()
          active.rows += group.reduce((sum, item) => sum + item.rows, 0)
          active.bytes += Buffer.byteLength(text)
          for (const item of group) item.resolve()
          if (active.rows >= this.segmentRows) await this.seal()
        } catch (error) {
          for (const item of group) item.reject(error)
        }
      }
    } finally {
      this.writing = false
    }
  }

  private async activeSegment() {
    if (!this.active) {
      const name = segmentName(this.nextSequence++)
      const handle = await open(join(this.options.dir, name), 'a')
      this.active = { name, handle, rows: 0, bytes: 0, opened: Date.now() }
    }
    return this.active
  }

  private async tick(): Promise<void> {
    if (!this.writing && this.active?.rows) await this.seal()
    this.kickFlush()
  }

  private async seal(): Promise<void> {
    const active = this.active
    if (!active) return
    this.active = undefined
    await active.handle.close()
    this.sealed.push({ name: active.name, bytes: active.bytes, opened: active.opened })
    this.kickFlush()
  }

  private kickFlush(): void {
    this.flushing ??= this.flushSealed({ once: false }).finally(() => {
      this.flushing = undefined
    })
  }

  private async flushSealed({ once }: { once: boolean }): Promise<void> {
    while (this.sealed.length) {
      const segment = this.sealed[0] as { name: string }
      const started = performance.now()
      try {
        const byTable = await readSegment(this.options.dir, segment.name)
        let rows = 0
        for (const [table, tableRows] of byTable) {
          for (let start = 0; start < tableRows.length; start += this.segmentRows) {
            const chunk = tableRows.slice(start, start + this.segmentRows)
            await this.options.insert(table, chunk, `${segment.name}:${table}:${start}`)
            rows += chunk.length
          }
        }
        await deleteSegment(this.options.dir, segment.name)
        this.sealed.shift()
        this.failures = 0
        this.options.onFlush?.({ rows, seconds: (performance.now() - started) / 1000 })
      } catch (error) {
        this.options.onFlush?.({ error })
        if (once) return
        const backoff = Math.min(250 * 2 ** this.failures++, MAX_BACKOFF_MS)
        await new Promise<void>((resolve) => {
          this.wake = resolve
          setTimeout(resolve, backoff).unref()
        })
        this.wake = undefined
        if (this.closed) return
      }
    }
  }
}
