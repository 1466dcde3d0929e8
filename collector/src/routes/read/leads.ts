/**
 * `GET /api/v1/leads`: the leads mart searched, filtered, sorted and paged, with each lead's
 * owner (the current assignment of the routing marts: routed, or named in the sales log), and
 * the same rows as CSV.
 */
import type { LeadListRow, LeadsResponse } from '@leadhouse/dashboards/api-types'
import { toCsv } from '../../lib/csv.js'
import { type LeadColumns, leadColumns, leadFields } from './lead-row.js'
import { isoTime, type Marts } from './marts.js'
import { andEquals, leadOfSite } from './sql.js'

/** The sort keys (the row's keys) and the SQL each sorts by. */
export const LEAD_SORTS = {
  email: 'email',
  name: 'name',
  company: 'company',
  score: 'score',
  temperature: "indexOf(['cold', 'warm', 'hot'], temperature)",
  trafficLight: "indexOf(['red', 'yellow', 'green'], traffic_light)",
  stage: 'current_stage',
  owner: 'owner',
  firstTouchChannel: 'first_touch_channel',
  lastActivityAt: 'last_activity_at',
} as const satisfies Record<keyof LeadListRow, string>

/**
 * Text sorts where a lead may have no value (the marts hold ''): those leads come last in
 * either order, as people expect of a blank, rather than first when sorting A to Z.
 */
const BLANK_LAST: ReadonlySet<keyof typeof LEAD_SORTS> = new Set(['name', 'company', 'owner'])

export interface LeadsQuery {
  q?: string | undefined
  stage?: string | undefined
  temperature?: string | undefined
  channel?: string | undefined
  site?: string | undefined
  scoreMin?: number | undefined
  scoreMax?: number | undefined
  sort: keyof typeof LEAD_SORTS
  order: 'asc' | 'desc'
  page: number
  pageSize: number
}

interface Found extends LeadColumns {
  current_stage: string
  last_activity: string | null
}

export async function queryLeads(marts: Marts, query: LeadsQuery): Promise<LeadsResponse> {
  const { table } = marts
  const where = `1${
    query.q === undefined
      ? ''
      : ` AND (positionCaseInsensitiveUTF8(email, {q: String}) > 0
      OR positionCaseInsensitiveUTF8(name, {q: String}) > 0
      OR positionCaseInsensitiveUTF8(company, {q: String}) > 0)`
  }${andEquals('current_stage', 'stage', query.stage)}${andEquals('temperature', 'temperature', query.temperature)}${andEquals('first_touch_channel', 'channel', query.channel)}${query.scoreMin === undefined ? '' : ' AND score >= {scoreMin: Float64}'}${query.scoreMax === undefined ? '' : ' AND score <= {scoreMax: Float64}'}${leadOfSite('email', table.touchpoints, query.site)}`
  const params = {
    q: query.q,
    stage: query.stage,
    temperature: query.temperature,
    channel: query.channel,
    site: query.site,
    scoreMin: query.scoreMin,
    scoreMax: query.scoreMax,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  }
  const direction = query.order === 'asc' ? 'ASC' : 'DESC'
  const blankLast = BLANK_LAST.has(query.sort) ? `ifNull(${LEAD_SORTS[query.sort]}, '') = '', ` : ''
  const [found, counted] = await Promise.all([
    marts.rows<Found>(
      `SELECT ${leadColumns()}, current_stage, toString(last_activity_at) AS last_activity
       FROM ${table.leads}
       WHERE ${where}
       ORDER BY ${blankLast}${LEAD_SORTS[query.sort]} ${direction}, email
       LIMIT {limit: UInt32} OFFSET {offset: UInt64}`,
      params,
    ),
    marts.rows<{ total: number }>(
      `SELECT count() AS total FROM ${table.leads} WHERE ${where}`,
      params,
    ),
  ])
  return {
    total: counted[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    rows: found.map((row) => ({
      ...leadFields(row),
      stage: row.current_stage,
      lastActivityAt: isoTime(row.last_activity),
    })),
  }
}

/** The columns of the leads CSV: the row's keys, in order. */
const CSV_COLUMNS = Object.keys(LEAD_SORTS) as (keyof LeadListRow)[]

/** The rows as CSV, one line a lead. */
export function leadsCsv(rows: LeadListRow[]): string {
  return toCsv(
    CSV_COLUMNS,
    rows.map((row) => CSV_COLUMNS.map((column) => row[column])),
  )
}
