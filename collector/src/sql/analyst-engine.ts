/**
 * The embedded engine as analysts reach it: connections of their own, each started
 * `readonly=1` with the endpoint's limits (the engine enforces them and refuses any change),
 * the metadata tables filtered to the BI database (the engine's `additional_table_filters`),
 * and at most a few queries at once, so that an analyst's scan cannot take the engine's time
 * from ingestion. Each query is checked on the engine's own parse of it first (`query-policy`).
 */
import { assertIdentifier, type EngineSession, type EngineSettings } from '@leadhouse/warehouse'
import { ended, firstChunk, once, withDatabase } from './answer-stream.js'
import { checkQuery, parseAst } from './query-policy.js'
import type { SqlLimits } from './request-settings.js'
import { fromEngine, SqlError } from './sql-error.js'

export interface AnalystEngineOptions {
  openSession: (settings: EngineSettings) => EngineSession
  /** The one database analysts read. */
  database: string
  limits: SqlLimits
  /** Queries running at once. */
  maxConcurrent: number
  /** Queries waiting for one of those; beyond them a query is refused (code 202). */
  maxQueued: number
}

/** A query to run, as the request gave it. */
export interface AnalystQuery {
  sql: string
  params: Record<string, string>
  /** The output format unless the query names one. */
  defaultFormat: string
  /** Settings of this query alone (`request-settings`): a connection is opened for them. */
  settings: Record<string, string>
}

/** A query's answer: whole, or streamed (the format's chunks add up to one answer). */
export type AnalystAnswer = { format: string } & (
  | { kind: 'whole'; bytes: Uint8Array; rowsRead: number; bytesRead: number; elapsed: number }
  | {
      kind: 'stream'
      first: Uint8Array | undefined
      rest: AsyncIterator<Uint8Array>
      cancel(): void
    }
)

/** Formats without a header or a closing part: chunks formatted apart still add up to one answer. */
const STREAMABLE = new Set([
  'Native',
  'RowBinary',
  'JSONEachRow',
  'JSONLines',
  'NDJSON',
  'JSONCompactEachRow',
  'JSONStringsEachRow',
  'JSONCompactStringsEachRow',
  'TabSeparated',
  'TSV',
  'TabSeparatedRaw',
  'TSVRaw',
  'CSV',
])

export class AnalystEngine {
  private readonly idle: Pooled[] = []
  private readonly waiting: (() => void)[] = []
  private running = 0
  private readonly settings: EngineSettings

  constructor(private readonly options: AnalystEngineOptions) {
    const database = assertIdentifier(options.database, 'database')
    const only = (column: string) => `${column} = \\'${database}\\'`
    this.settings = {
      readonly: 1,
      ...options.limits,
      result_overflow_mode: 'throw',
      timeout_overflow_mode: 'throw',
      read_overflow_mode: 'throw',
      // The engine's threads for an analyst's query run at the lowest OS priority (nice 19):
      // the event loop that takes events, and the flusher, come first.
      os_thread_priority: 19,
      allow_introspection_functions: 0,
      allow_ddl: 0,
      // As a server writes JSON: 64-bit integers quoted, so that they stay exact.
      output_format_json_quote_64bit_integers: 1,
      additional_table_filters: `{'system.databases':'${only('name')}','system.tables':'${only('database')}','system.columns':'${only('database')}'}`,
    }
  }

  get database(): string {
    return this.options.database
  }

  /** Checks and runs `query`, waiting for a free slot first; the slot is held until the answer ends. */
  async run(query: AnalystQuery): Promise<AnalystAnswer> {
    const release = await this.slot()
    let handedOver = false
    try {
      const session = this.take()
      let healthy = true
      let own: Pooled | undefined
      try {
        // Parsing needs no database: a missing BI database is reported by the query that reads it.
        const inspected = await this.inspect(session.raw, query)
        const format = inspected.format ?? query.defaultFormat
        own = Object.keys(query.settings).length > 0 ? this.open(query.settings) : undefined
        const runner = (own ?? session).inDatabase
        const done = (ok: boolean) => {
          if (own) own.raw.close()
          else if (!ok) healthy = false
          own = undefined
        }
        if (inspected.kind === 'select' && STREAMABLE.has(format)) {
          const stream = runner.stream(inspected.sql, { format, params: query.params })
          const answer = await firstChunk(stream)
          handedOver = true
          const finish = once((ok: boolean) => {
            done(ok)
            this.give(session, healthy)
            release()
          })
          return {
            format,
            kind: 'stream',
            first: answer.first,
            rest: ended(answer.rest, finish),
            cancel: () => {
              stream.cancel()
              finish(false)
            },
          }
        }
        try {
          const result = await runner.query(inspected.sql, { format, params: query.params })
          done(true)
          return { format, kind: 'whole', ...result }
        } catch (error) {
          done(false)
          throw error
        }
      } catch (error) {
        // A session whose query failed is not reused: the engine may have left part of the
        // failed result behind, to come out with the next query.
        healthy = false
        own?.raw.close()
        throw fromEngine(error)
      } finally {
        if (!handedOver) this.give(session, healthy)
      }
    } finally {
      if (!handedOver) release()
    }
  }

  /** Closes the idle connections; running ones close as their queries end. */
  close(): void {
    for (const session of this.idle.splice(0)) session.raw.close()
  }

  /**
   * The query in the engine's own single-line form (which refuses multi-statements and drops
   * comments), and what its parse names: refused here unless the policy allows it.
   */
  private async inspect(
    session: EngineSession,
    query: AnalystQuery,
  ): Promise<{ sql: string; kind: 'select' | 'metadata'; format: string | undefined }> {
    const formatted = await session.query('SELECT formatQuerySingleLine({sql:String})', {
      format: 'TSVRaw',
      params: { sql: query.sql },
    })
    const sql = Buffer.from(formatted.bytes).toString('utf8').replace(/\n$/, '')
    if (!sql) throw new SqlError(62, 'SYNTAX_ERROR', 'Empty query')
    const dump = await session.query(`EXPLAIN AST ${sql}`, {
      format: 'TSVRaw',
      params: query.params,
    })
    const checked = checkQuery(
      parseAst(Buffer.from(dump.bytes).toString('utf8')),
      { database: this.options.database },
      sql,
    )
    return { sql, ...checked }
  }

  private slot(): Promise<() => void> {
    const release = once(() => {
      this.running--
      this.waiting.shift()?.()
    })
    if (this.running < this.options.maxConcurrent) {
      this.running++
      return Promise.resolve(release)
    }
    if (this.waiting.length >= this.options.maxQueued)
      return Promise.reject(
        new SqlError(
          202,
          'TOO_MANY_SIMULTANEOUS_QUERIES',
          `Too many simultaneous queries: ${this.options.maxConcurrent} run at once and ${this.options.maxQueued} wait, try again shortly`,
        ),
      )
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.running++
        resolve(release)
      }),
    )
  }

  private take(): Pooled {
    return this.idle.pop() ?? this.open({})
  }

  private give(session: Pooled, healthy: boolean): void {
    if (healthy && this.idle.length < this.options.maxConcurrent) this.idle.push(session)
    else session.raw.close()
  }

  /** A connection with the endpoint's settings (and `extra`). */
  private open(extra: Record<string, string>): Pooled {
    const raw = this.options.openSession({ ...this.settings, ...extra })
    return { raw, inDatabase: withDatabase(raw, this.options.database) }
  }
}

/** A connection, and the same one in the BI database (entered before its first query there). */
interface Pooled {
  raw: EngineSession
  inDatabase: EngineSession
}
