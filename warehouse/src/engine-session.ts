/**
 * A connection of its own to the embedded engine, started with engine settings (`readonly=1`,
 * `max_execution_time`, ...) that hold for every query it runs: what the collector's SQL
 * endpoint gives analysts. Settings given at connect are the engine's to enforce: with
 * `readonly=1` among them, no query on the connection can change any of them (not by `SET`,
 * not by a `SETTINGS` clause), write, or run DDL.
 */
import { ClickHouseError, toClickHouseError } from './errors.js'

/** What a query on a session returns when its whole result is wanted at once. */
export interface EngineResult {
  bytes: Uint8Array
  rowsRead: number
  bytesRead: number
  /** Seconds. */
  elapsed: number
}

/** A result as it is produced: chunks of the format's bytes; `cancel()` stops the query. */
export interface EngineStream extends AsyncIterable<Uint8Array> {
  cancel(): void
}

export interface EngineQueryOptions {
  /** The output format unless the query names one with `FORMAT`. */
  format: string
  /** Values of the query's `{name:Type}` placeholders, as text (the engine parses them). */
  params?: Readonly<Record<string, string>> | undefined
}

export interface EngineSession {
  query(sql: string, options: EngineQueryOptions): Promise<EngineResult>
  /**
   * The result chunk by chunk. The engine formats each chunk on its own: for formats with a
   * header or a closing part (JSON, CSVWithNames, ...) the chunks do not add up to one answer.
   */
  stream(sql: string, options: EngineQueryOptions): EngineStream
  close(): void
}

/** Engine settings of a session, by ClickHouse's names. */
export type EngineSettings = Readonly<Record<string, string | number>>

const SETTING_NAME = /^[a-z][a-z0-9_]*$/

/**
 * The settings as the engine's command-line arguments. Names must be setting names; values
 * cannot hold a NUL byte or a newline, so an argument is one setting and nothing else.
 */
export function settingsArguments(settings: EngineSettings): string[] {
  return Object.entries(settings).map(([name, value]) => {
    if (!SETTING_NAME.test(name)) throw new Error(`not a setting name: ${JSON.stringify(name)}`)
    const text = String(value)
    if (/[\0\r\n]/.test(text))
      throw new Error(`setting ${name}: the value holds a control character`)
    return `--${name}=${text}`
  })
}

/** chDB's Session, as far as it is used here. */
interface ChdbSession {
  queryAsync(sql: string, opts: { format: string }): Promise<ChdbResult>
  queryBindAsync(sql: string, params: object, opts: { format: string }): Promise<ChdbResult>
  queryStream(sql: string, opts: { format: string }): ChdbStream
  queryStreamBind(sql: string, params: object, opts: { format: string }): ChdbStream
  close(): void
}
interface ChdbResult {
  bytes(): Uint8Array
  rowsRead: number
  bytesRead: number
  elapsed: number
}
interface ChdbStream extends AsyncIterable<{ raw(): Uint8Array }> {
  cancel(): void
}

/** Wraps a chDB session opened on the warehouse's data directory. */
export function engineSession(session: ChdbSession): EngineSession {
  return {
    query: async (sql, { format, params }) => {
      try {
        const result = params
          ? await session.queryBindAsync(sql, params, { format })
          : await session.queryAsync(sql, { format })
        return {
          bytes: result.bytes(),
          rowsRead: result.rowsRead,
          bytesRead: result.bytesRead,
          elapsed: result.elapsed,
        }
      } catch (error) {
        throw asClickHouseError(error)
      }
    },
    stream: (sql, { format, params }) => {
      let stream: ChdbStream
      try {
        stream = params
          ? session.queryStreamBind(sql, params, { format })
          : session.queryStream(sql, { format })
      } catch (error) {
        throw asClickHouseError(error)
      }
      return {
        cancel: () => stream.cancel(),
        async *[Symbol.asyncIterator]() {
          try {
            for await (const chunk of stream) yield chunk.raw()
          } catch (error) {
            throw asClickHouseError(error)
          }
        },
      }
    },
    close: () => session.close(),
  }
}

/** Every failure of the engine as a `ClickHouseError`; one without a code gets 1001 (STD_EXCEPTION). */
function asClickHouseError(error: unknown): ClickHouseError {
  return (
    toClickHouseError(error) ??
    new ClickHouseError(error instanceof Error ? error.message : String(error), {
      code: 1001,
      type: 'STD_EXCEPTION',
      cause: error,
    })
  )
}
