/**
 * ClickHouse's own errors, the same whichever engine raised them. The server's client and the
 * embedded engine each throw something different for the same failure: `@clickhouse/client`
 * (and chDB's connection, which reuses it) a `ClickHouseError` whose `code` is a string of
 * digits and whose message lacks the `Code: N.` prefix; chDB's inserts a `ChdbInsertError` whose
 * `code` is its own (`CHDB_INSERT`), with ClickHouse's as `clickhouseCode` and in the message.
 * `toClickHouseError` makes one shape of all of them, so that code branches on a number.
 */

/**
 * The ClickHouse error codes Leadhouse branches on, by ClickHouse's names for them
 * (`system.errors`, `src/Common/ErrorCodes.cpp`).
 */
export const ClickHouseCode = {
  CANNOT_PARSE_TEXT: 6,
  CANNOT_PARSE_ESCAPE_SEQUENCE: 25,
  CANNOT_PARSE_QUOTED_STRING: 26,
  CANNOT_PARSE_INPUT_ASSERTION_FAILED: 27,
  CANNOT_PARSE_DATE: 38,
  CANNOT_PARSE_DATETIME: 41,
  UNKNOWN_IDENTIFIER: 47,
  TYPE_MISMATCH: 53,
  UNKNOWN_TABLE: 60,
  SYNTAX_ERROR: 62,
  ARGUMENT_OUT_OF_BOUND: 69,
  CANNOT_CONVERT_TYPE: 70,
  CANNOT_PARSE_NUMBER: 72,
  INCORRECT_DATA: 117,
  VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: 321,
  CANNOT_PARSE_UUID: 376,
  DECIMAL_OVERFLOW: 407,
  CANNOT_PARSE_BOOL: 467,
} as const

export interface ClickHouseErrorOptions {
  /** ClickHouse's numeric error code (`Code: 60.`). */
  code: number
  /** ClickHouse's name for it (`UNKNOWN_TABLE`), when the message gave one. */
  type?: string | undefined
  /** What the client or the engine threw. */
  cause?: unknown
}

/**
 * A failure ClickHouse reported, with its code; the message is the original one, so that logs
 * and stored reasons read as they did before the error was wrapped.
 *
 * @example
 * catch (error) {
 *   if (toClickHouseError(error)?.code === ClickHouseCode.UNKNOWN_TABLE) return []
 *   throw error
 * }
 */
export class ClickHouseError extends Error {
  override name = 'ClickHouseError'
  readonly code: number
  readonly type: string | undefined

  constructor(message: string, { code, type, cause }: ClickHouseErrorOptions) {
    super(message, { cause })
    this.code = code
    this.type = type
  }
}

/**
 * ClickHouse's `Code: N. DB::Exception: <message> (TYPE)`. A cluster wraps the shard's
 * exception in its own, repeating the markers: the greedy `.*Exception: ` anchors on the
 * innermost one. A type is at least three capitals, so that `(2)` or `(official build)` in a
 * message is not taken for one. (The format clickhouse-js parses, with its reasons.)
 */
const MESSAGE = /(?:Code|Error): (\d+)\..*Exception: .+?\(((?=[A-Z0-9_]*[A-Z]{3})[A-Z0-9_]+)\)/s
/** A message with a code but no type (as some of the engine's own are). */
const CODE_ONLY = /(?:Code|Error): (\d+)\./

/**
 * `error` as a `ClickHouseError` when ClickHouse raised it (through the server's client or the
 * embedded engine); `undefined` when it carries no ClickHouse code: a refused connection, a
 * timeout, a bug of ours.
 */
export function toClickHouseError(error: unknown): ClickHouseError | undefined {
  if (error instanceof ClickHouseError) return error
  if (typeof error !== 'object' || error === null) return undefined
  const { clickhouseCode, code, type, message } = error as {
    clickhouseCode?: unknown
    code?: unknown
    type?: unknown
    message?: unknown
  }
  const text = typeof message === 'string' ? message : ''
  const parsed = MESSAGE.exec(text) ?? CODE_ONLY.exec(text)
  // chDB's errors carry the code as `clickhouseCode` beside a code of their own; the
  // clients' `ClickHouseError` as `code`, a string; otherwise only the message has it.
  for (const candidate of [clickhouseCode, code, parsed?.[1]]) {
    const number = Number(candidate)
    if (typeof candidate !== 'boolean' && Number.isInteger(number) && number > 0)
      return new ClickHouseError(text, {
        code: number,
        type: typeof type === 'string' && type ? type : parsed?.[2],
        cause: error,
      })
  }
  return undefined
}
