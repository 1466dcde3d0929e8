/**
 * The marts as the read API's views read them: their qualified names, and one way to ask them
 * a question (parameters only, numbers as numbers, and no table yet read as no rows).
 */
import {
  ClickHouseCode,
  qualifiedName,
  toClickHouseError,
  type Warehouse,
} from '@leadhouse/warehouse'

// The marts, and the seed sales_team (who is in which team, for the queue of a team).
const MART_NAMES = [
  'activity_log',
  'attribution',
  'attribution_daily',
  'attribution_paths',
  'channel_kpis',
  'cohort_score_profile',
  'conversions',
  'kpi_daily',
  'lead_scores',
  'lead_stage_times',
  'leads',
  'lifecycle_stages',
  'sales_team',
  'score_trajectory',
  'touchpoint_days',
  'touchpoints',
] as const
export type MartName = (typeof MART_NAMES)[number]

export type QueryParams = Record<string, unknown>

/** The warehouse's marts, for the views' queries. */
export interface Marts {
  /** Qualified, quoted table names, for the SQL text. */
  table: Record<MartName, string>
  database: string
  /** The rows of `query`; none when a table it reads does not exist yet (before the first build). */
  rows<T>(query: string, params?: QueryParams): Promise<T[]>
}

export function openMarts(warehouse: Warehouse): Marts {
  const table = Object.fromEntries(
    MART_NAMES.map((name) => [name, qualifiedName(warehouse.database, name)]),
  ) as Record<MartName, string>
  return {
    table,
    database: warehouse.database,
    async rows<T>(query: string, params: QueryParams = {}): Promise<T[]> {
      try {
        const result = await warehouse.client.query({
          query,
          // An unset filter's parameter is not sent: its SQL does not name it either.
          query_params: Object.fromEntries(
            Object.entries(params).filter(([, value]) => value !== undefined),
          ),
          format: 'JSONEachRow',
          // Counts are UInt64, which JSON would quote; the views' counts fit a double.
          clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
        })
        return await result.json<T>()
      } catch (error) {
        // Before the first model build the marts do not exist: that is no data, not an error.
        if (toClickHouseError(error)?.code === ClickHouseCode.UNKNOWN_TABLE) return []
        throw error
      }
    },
  }
}

/** The engine's `2026-10-01 10:00:00.000` (UTC) as ISO 8601; null stays null. */
export function isoTime(value: string | null | undefined): string | null {
  if (!value) return null
  const [date, time = '00:00:00'] = value.split(' ')
  const withMs = time.includes('.') ? time.padEnd(12, '0').slice(0, 12) : `${time}.000`
  return `${date}T${withMs}Z`
}

/** `''` (the marts' "none") as null. */
export function orNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value
}

/** `numerator / denominator`, null for a 0 denominator. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator
}

/** A sum of attribution credits, which add up to whole conversions, without the float dust. */
export function credits(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

/** Money rounded to cents. */
export function money(value: number): number {
  return Math.round(value * 100) / 100
}
