import { closeSync, fdatasync, ftruncateSync, openSync, writeSync } from 'node:fs'
import { rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import {
  deleteSegment,
  encodeRecords,
  joinLines,
  listSegments,
  newWriterId,
  readSegment,
  type SpoolRecord,
  segmentName,
} from './segments.js'

/**
 * Inserts rows, given as JSON lines each ending with a newline, into the raw table `tag` names
 * (the table, or a layout of its columns); `token` makes a repeated insert of the same rows a
 * no-op.
 */
export type InsertRows = (tag: string, lines: Buffer, token: string) => Promise<void>

/** A line the warehouse refused for what it holds, with its reason. */
export interface RefusedLine {
  line: Buffer
  reason: string
}

/**
 * Keeps the lines of a chunk that the warehouse refused for what they hold somewhere else
 * (`rejected_events`), with its reasons, in one insert; `token` makes doing it twice a no-op.
 */
export type SetAside = (tag: string, refused: RefusedLine[], token: string) => Promise<void>

/**
 * The warehouse refused rows for what they hold (a value it cannot parse), not the insert as
 * such: sent again, the same rows fail the same way, unlike a warehouse that is down.
 */
export class RowsRefusedError extends Error {
  override name = 'RowsRefusedError'
}

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
  /**
   * Where a line goes that the warehouse refuses for what it holds. Without it, such a refusal
   * is retried like any other, and holds up every segment behind it.
   */
  setAside?: SetAside
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

/** Inserts into the warehouse failing without a success between: since when, and the last error. */
export interface InsertFailure {
  /** Milliseconds since the epoch of the first failed flush since the last that succeeded. */
  since: number
  /** The last failure's message, its first line. */
  error: string
}

/** Records appended and not yet durable, with their caller's promise. */
interface Pending {
  text: string
  rows: number
  resolve: () => void
  reject: (error: unknown) => void
}

/** The segment being written: its file stays open until the last sync on it has returned. */
interface ActiveSegment {
  name: string
  fd: number
  rows: number
  bytes: number
  opened: number
  syncsInFlight: number
  retired: boolean
}

/**
 * fdatasyncs running at once. With writes synchronous, one is best: what arrives during a sync
 * waits for it and then shares the next. Letting a second group start its own sync meant more,
 * smaller groups, and cost single-event throughput and p99 latency (measured with 1 to 4:
 * docs/performance.md). The limit stays, to be raised where a disk overlaps syncs better.
 */
const MAX_SYNCS_IN_FLIGHT = 1

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
  private waiting: Pending[] = []
  private syncsInFlight = 0
  /** Drains waiting until nothing is waiting and no sync is under way. */
  private idleWaiters: (() => void)[] = []
  private active: ActiveSegment | undefined
  private nextSequence = 1
  /** In the names of the segments this spool writes, which are their insert tokens. */
  private readonly writer = newWriterId()
  /** Sealed segments waiting for the warehouse, oldest first, with their size and birth time. */
  private sealed: { name: string; bytes: number; opened: number }[] = []
  private flushing: Promise<void> | undefined
  private failures = 0
  private failing: InsertFailure | undefined
  private timer: NodeJS.Timeout | undefined
  private closed = false
  /** Drains under way: the background flusher gives up at its next failure. */
  private draining = 0
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
    for (const found of await listSegments(options.dir)) {
      let name = found.name
      if (!found.hasWriter) {
        // Written before names carried a writer: its token may be one the warehouse has seen
        // for other rows. Under a new name it is inserted whole; a row the warehouse already
        // took is then stored twice, which the models' event_id dedup absorbs, instead of lost.
        name = segmentName(found.sequence, spool.writer)
        await rename(join(options.dir, found.name), join(options.dir, name))
      }
      const { size, mtimeMs } = await stat(join(options.dir, name))
      spool.sealed.push({ name, bytes: size, opened: mtimeMs })
      spool.nextSequence = found.sequence + 1
    }
    spool.timer = setInterval(() => spool.tick(), spool.flushIntervalMs)
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
      this.writeWaiting()
    })
  }

  /** Why `append` would refuse now, if it would. */
  refusal(): string | undefined {
    if (this.closed) return 'the collector is shutting down'
    // Asked at every append: summed without building the state.
    let bytes = this.active?.bytes ?? 0
    for (const segment of this.sealed) bytes += segment.bytes
    if (bytes > this.maxBytes)
      return `the spool holds ${bytes} bytes, over its budget of ${this.maxBytes}`
    return undefined
  }

  /**
   * Whether flushes into the warehouse have failed since the last one that succeeded (readiness
   * asks: the spool keeps taking events while they fail, until its budget is used up).
   */
  insertFailure(): InsertFailure | undefined {
    return this.failing
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
   * Seals what is written and tries once to flush everything now. Resolves with whether the
   * warehouse took all of it; what it did not take stays on disk for the flusher, which carries
   * on with its retries.
   */
  async drain(): Promise<boolean> {
    if (this.waiting.length > 0 || this.syncsInFlight > 0)
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve)
      })
    this.retire()
    // The background flusher stops at its next failure instead of backing off and retrying
    // forever: a drain must end while the warehouse refuses.
    this.draining += 1
    this.wake?.()
    // One flush at a time, this one too: two would take the same segment, and the second fail
    // on a file the first had deleted, a failure the warehouse never had.
    while (this.flushing) await this.flushing
    this.draining -= 1
    this.failures = 0
    await this.runFlush({ once: true })
    return this.sealed.length === 0
  }

  /** Stops accepting and drains. What the warehouse does not take is flushed at the next start. */
  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.timer)
    await this.drain()
  }

  /**
   * Group commit: every append waiting now shares one write and one fdatasync. The write goes to
   * the page cache synchronously (microseconds); only the fdatasync goes to the thread pool,
   * where each trip waits for a turn of the busy event loop besides the disk.
   */
  private writeWaiting(): void {
    while (this.waiting.length > 0 && this.syncsInFlight < MAX_SYNCS_IN_FLIGHT) {
      const group = this.waiting.splice(0)
      let segment: ActiveSegment | undefined
      try {
        segment = this.activeSegment()
        const bytes = Buffer.from(group.map((item) => item.text).join(''))
        appendAll(segment.fd, bytes, segment.bytes)
        segment.rows += group.reduce((sum, item) => sum + item.rows, 0)
        segment.bytes += bytes.byteLength
      } catch (error) {
        for (const item of group) item.reject(error)
        // What was cut off ends its segment: the next group starts a new file rather than
        // continuing after a broken line.
        this.retire()
        continue
      }
      this.sync(segment, group)
      if (segment.rows >= this.segmentRows) this.retire()
    }
    if (this.waiting.length === 0 && this.syncsInFlight === 0)
      for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private sync(segment: ActiveSegment, group: Pending[]): void {
    this.syncsInFlight += 1
    segment.syncsInFlight += 1
    fdatasync(segment.fd, (error) => {
      this.syncsInFlight -= 1
      segment.syncsInFlight -= 1
      for (const item of group) {
        if (error) item.reject(error)
        else item.resolve()
      }
      if (error) this.retire()
      if (segment.retired && segment.syncsInFlight === 0) this.closeSegment(segment)
      this.writeWaiting()
    })
  }

  private activeSegment(): ActiveSegment {
    if (!this.active) {
      const name = segmentName(this.nextSequence++, this.writer)
      // Opening a file takes microseconds: synchronous, like the writes, so a group never waits
      // for a turn of the event loop before its data is in the page cache.
      const fd = openSync(join(this.options.dir, name), 'a')
      this.active = {
        name,
        fd,
        rows: 0,
        bytes: 0,
        opened: Date.now(),
        syncsInFlight: 0,
        retired: false,
      }
    }
    return this.active
  }

  private tick(): void {
    if (this.active?.rows) this.retire()
    this.kickFlush()
  }

  /**
   * Ends the active segment: it goes to the flusher now, and its file is closed once its last
   * sync has returned. Rows of a group whose sync is still under way may reach the warehouse
   * before their request is answered; should that sync fail, the client's retry carries the same
   * event ids, and the warehouse counts each once.
   */
  private retire(): void {
    const active = this.active
    if (!active) return
    this.active = undefined
    active.retired = true
    if (active.syncsInFlight === 0) this.closeSegment(active)
    this.sealed.push({ name: active.name, bytes: active.bytes, opened: active.opened })
    this.kickFlush()
  }

  private closeSegment(segment: ActiveSegment): void {
    try {
      closeSync(segment.fd)
    } catch {
      // Already unusable: its data was synced or its appends were refused.
    }
  }

  private kickFlush(): void {
    if (!this.flushing) void this.runFlush({ once: false })
  }

  /** Flushes as `flushing`, so that no other flush starts meanwhile. */
  private runFlush(options: { once: boolean }): Promise<void> {
    const run: Promise<void> = this.flushSealed(options).finally(() => {
      if (this.flushing === run) this.flushing = undefined
    })
    this.flushing = run
    return run
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
            rows += await insertOrSetAside(
              this.options,
              table,
              chunk,
              `${segment.name}:${table}:${start}`,
            )
          }
        }
        await deleteSegment(this.options.dir, segment.name)
        this.sealed.shift()
        this.failures = 0
        this.failing = undefined
        this.options.onFlush?.({ rows, seconds: (performance.now() - started) / 1000 })
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
        this.failing = { since: this.failing?.since ?? Date.now(), error: message ?? '' }
        this.options.onFlush?.({ error })
        if (once || this.draining > 0) return
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

/**
 * Inserts `lines`, and answers how many the warehouse took. When it refuses them for what some
 * of them hold, the lines are halved until each refused one stands alone: the rest go in, and the
 * refused ones are set aside together with the warehouse's reasons, so that one bad row cannot
 * hold up the segments behind it. The halves' tokens follow from the chunk's, so a replay after a
 * crash repeats the same inserts, which the warehouse then takes as done.
 */
async function insertOrSetAside(
  options: SpoolOptions,
  tag: string,
  lines: Buffer[],
  token: string,
): Promise<number> {
  const { setAside } = options
  if (!setAside) {
    await options.insert(tag, joinLines(lines), token)
    return lines.length
  }
  const refused: RefusedLine[] = []
  const inserted = await insertFinding(options.insert, tag, lines, token, refused)
  if (refused.length > 0) await setAside(tag, refused, `${token}:set-aside`)
  return inserted
}

/** Inserts what the warehouse takes of `lines`, adding what it refuses to `refused`. */
async function insertFinding(
  insert: InsertRows,
  tag: string,
  lines: Buffer[],
  token: string,
  refused: RefusedLine[],
): Promise<number> {
  try {
    await insert(tag, joinLines(lines), token)
    return lines.length
  } catch (error) {
    if (!(error instanceof RowsRefusedError)) throw error
    const [only] = lines
    if (lines.length === 1 && only) {
      refused.push({ line: only, reason: error.message })
      return 0
    }
    const half = Math.ceil(lines.length / 2)
    return (
      (await insertFinding(insert, tag, lines.slice(0, half), `${token}/a`, refused)) +
      (await insertFinding(insert, tag, lines.slice(half), `${token}/b`, refused))
    )
  }
}

/**
 * Appends `bytes` to the segment open as `fd`, which holds `size` bytes. What a write that fails
 * part way (a full disk) left is cut off again: those requests get an error, not their rows.
 */
function appendAll(fd: number, bytes: Buffer, size: number): void {
  let written = 0
  try {
    while (written < bytes.byteLength) written += writeSync(fd, bytes, written)
  } catch (error) {
    try {
      ftruncateSync(fd, size)
    } catch {
      // Left as it is: the segment is sealed, and its reader drops a last line without newline.
    }
    throw error
  }
}
