/**
 * Which ClickHouse settings an analyst's request may carry as URL parameters. The endpoint's
 * limits hold on the engine connection (`readonly=1`), so the engine refuses any change to
 * them in the SQL; a parameter here becomes a setting of a connection opened for that one
 * query, and only if it is harmless: an output format setting, or a limit set lower than the
 * endpoint's (a client asking for a shorter timeout). Anything else is refused, naming it.
 */
import { SqlError } from './sql-error.js'

/** The endpoint's limits, by ClickHouse's setting names. */
export interface SqlLimits {
  max_execution_time: number
  max_result_rows: number
  max_result_bytes: number
  max_memory_usage: number
  max_rows_to_read: number
}

/** Parameters of the HTTP interface that are not settings, read elsewhere or without effect here. */
const TRANSPORT = new Set([
  'query',
  'database',
  'default_format',
  'user',
  'password',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'compress',
  'decompress',
  'enable_http_compression',
  'http_zlib_compression_level',
  'buffer_size',
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'add_http_cors_header',
  'quota_key',
  'extremes',
])

/** Settings that change how a result is written, never what is read or how much. */
const OUTPUT = new Set([
  'output_format_json_quote_64bit_integers',
  'output_format_json_quote_64bit_floats',
  'output_format_json_quote_denormals',
  'output_format_json_quote_decimals',
  'output_format_json_named_tuples_as_objects',
  'output_format_json_array_of_rows',
  'output_format_json_validate_utf8',
  'output_format_write_statistics',
  'output_format_decimal_trailing_zeros',
  'output_format_csv_crlf_end_of_line',
  'output_format_tsv_crlf_end_of_line',
  'output_format_pretty_max_rows',
  'output_format_pretty_color',
  'output_format_native_encode_types_in_binary_format',
  'output_format_binary_encode_types_in_binary_format',
  'output_format_arrow_string_as_string',
  'output_format_parquet_string_as_string',
  'format_csv_delimiter',
  'date_time_output_format',
  'session_timezone',
  'join_use_nulls',
])

/** Limits a request may lower, never raise or lift (0 lifts them). */
const LOWER_ONLY = new Set<string>([
  'max_execution_time',
  'max_result_rows',
  'max_result_bytes',
  'max_memory_usage',
  'max_rows_to_read',
])

/** At most 100 characters, none of them a control character (each value is one engine argument). */
const plainValue = (value: string) =>
  value.length <= 100 && [...value].every((char) => char.charCodeAt(0) >= 0x20)

/**
 * The settings a request's parameters ask for, to apply to its connection; throws an `SqlError`
 * (code 164, READONLY, as a read-only server answers) for one that is not allowed.
 */
export function requestSettings(
  params: URLSearchParams,
  limits: SqlLimits,
): Record<string, string> {
  const settings: Record<string, string> = {}
  for (const [name, value] of params) {
    if (TRANSPORT.has(name) || name.startsWith('param_')) continue
    if (!plainValue(value))
      throw new SqlError(115, 'UNKNOWN_SETTING', `setting ${name}: the value is not plain text`)
    if (name === 'readonly') {
      // Asking for read-only is asking for what there is; anything else would lift it.
      if (value === '1') continue
      throw cannotModify(name, 'the endpoint is readonly=1')
    }
    if (name === 'result_overflow_mode') {
      if (value !== 'throw' && value !== 'break') throw cannotModify(name, 'throw or break only')
      settings[name] = value
      continue
    }
    if (LOWER_ONLY.has(name)) {
      const limit = limits[name as keyof SqlLimits]
      const asked = Number(value)
      if (!/^\d+(\.\d+)?$/.test(value) || asked <= 0 || asked > limit)
        throw cannotModify(name, `it may only be lowered: at most ${limit}, above 0`)
      if (asked < limit) settings[name] = value
      continue
    }
    if (OUTPUT.has(name)) {
      settings[name] = value
      continue
    }
    throw cannotModify(name, 'only output format settings and lower limits are accepted')
  }
  return settings
}

function cannotModify(name: string, why: string): SqlError {
  return new SqlError(164, 'READONLY', `Cannot modify '${name}' setting on this endpoint: ${why}`)
}
