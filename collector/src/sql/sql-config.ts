/**
 * The SQL endpoint's settings (`LEADHOUSE_SQL_*`): the database analysts read, the limits the
 * engine holds every query to, how many run at once, and an optional port of its own.
 */
import type { SqlLimits } from './request-settings.js'

export interface SqlEndpointConfig {
  /** The one database analysts read; default `leadhouse_bi`. */
  database: string
  /** A port serving the endpoint at `/`, as a ClickHouse server does; unset: none. */
  port?: number | undefined
  limits: SqlLimits
  /** Analyst queries running at once (default 2) and waiting beyond them (default 8). */
  maxConcurrent: number
  maxQueued: number
}

const DATABASE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** Reads the settings from `env`; throws an `Error` naming the variable on a bad value. */
export function sqlConfigFrom(
  env: Readonly<Record<string, string | undefined>>,
): SqlEndpointConfig {
  const int = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER, min = 1) => {
    const text = env[name]
    if (text === undefined || text === '') return fallback
    const value = Number(text)
    if (!/^\d+$/.test(text) || value < min || value > max)
      throw new Error(
        `${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
      )
    return value
  }
  const database = env.LEADHOUSE_SQL_DATABASE || 'leadhouse_bi'
  if (!DATABASE.test(database))
    throw new Error(
      `LEADHOUSE_SQL_DATABASE: must be a database name, got ${JSON.stringify(database)}`,
    )
  return {
    database,
    // 0: any free port (as PORT=0).
    port: env.LEADHOUSE_SQL_PORT ? int('LEADHOUSE_SQL_PORT', 0, 65535, 0) : undefined,
    limits: {
      max_execution_time: int('LEADHOUSE_SQL_TIMEOUT', 60, 3600),
      max_result_rows: int('LEADHOUSE_SQL_MAX_RESULT_ROWS', 10_000_000),
      max_result_bytes: int('LEADHOUSE_SQL_MAX_RESULT_BYTES', 1024 ** 3),
      max_memory_usage: int('LEADHOUSE_SQL_MAX_MEMORY_USAGE', 2 * 1024 ** 3),
      max_rows_to_read: int('LEADHOUSE_SQL_MAX_ROWS_TO_READ', 10_000_000_000),
    },
    maxConcurrent: int('LEADHOUSE_SQL_MAX_CONCURRENT', 2, 64),
    maxQueued: int('LEADHOUSE_SQL_MAX_QUEUED', 8, 1024),
  }
}
