/**
 * Errors of the SQL endpoint, answered as a ClickHouse server answers them, so that clients
 * parse them: the body `Code: 164. DB::Exception: <message>. (READONLY)`, the code again in
 * `X-ClickHouse-Exception-Code`, and an HTTP status by kind.
 */
import { type ClickHouseError, toClickHouseError } from '@leadhouse/warehouse'

export class SqlError extends Error {
  override name = 'SqlError'
  constructor(
    /** ClickHouse's numeric code (`system.errors`). */
    readonly code: number,
    /** ClickHouse's name for the code. */
    readonly type: string,
    message: string,
  ) {
    super(message)
  }
}

/** HTTP statuses by ClickHouse code, as the server picks them; the rest are 500. */
const STATUS: Record<number, number> = {
  516: 401, // AUTHENTICATION_FAILED
  164: 403, // READONLY
  497: 403, // ACCESS_DENIED
  446: 403, // FUNCTION_NOT_ALLOWED
  62: 400, // SYNTAX_ERROR
  115: 400, // UNKNOWN_SETTING
  456: 400, // UNKNOWN_QUERY_PARAMETER
  457: 400, // BAD_QUERY_PARAMETER
  60: 404, // UNKNOWN_TABLE
  81: 404, // UNKNOWN_DATABASE
  202: 503, // TOO_MANY_SIMULTANEOUS_QUERIES
}

export function statusOf(error: SqlError): number {
  return STATUS[error.code] ?? 500
}

/** What the engine threw, as an `SqlError` keeping its code; anything else is a 1001. */
export function fromEngine(error: unknown): SqlError {
  if (error instanceof SqlError) return error
  const engine: ClickHouseError | undefined = toClickHouseError(error)
  if (!engine) return new SqlError(1001, 'STD_EXCEPTION', 'internal error')
  // The engine's message already reads `Code: N. DB::Exception: ... (TYPE)`: keep its text.
  const text = /DB::Exception: (.*?)(?: \(version [^)]*\))?(?: \([A-Z0-9_]{3,}\))?\.?$/s
    .exec(engine.message.trim())?.[1]
    ?.replace(/ \([A-Z0-9_]{3,}\) \(version [^)]*\)$/, '')
  return new SqlError(engine.code, engine.type ?? 'UNKNOWN', text ?? engine.message)
}

/** The body a server writes for an exception. */
export function errorBody(error: SqlError): string {
  return `Code: ${error.code}. DB::Exception: ${error.message.replace(/\.$/, '')}. (${error.type})\n`
}
