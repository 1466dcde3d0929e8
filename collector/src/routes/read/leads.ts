/**
 * `GET /api/v1/leads`: the leads mart searched, filtered, sorted and paged, with each lead's
 * owner (the salesperson of their latest sales-log entry that names one, activity_log), and the
 * same rows as CSV.
 */
import type { LeadListRow, LeadsResponse } from '@leadhouse/dashboards/api-types'
import { toCsv } from '../../lib/csv.js'
import { isoTime, type Marts, orNull } from './marts.js'
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
  owner: 'lead_owner',
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

interface Found {
  email: string
  name: string
  company: string
  score: number
  temperature: LeadListRow['temperature']
  traffic_light: LeadListRow['trafficLight']
  current_stage: string
  first_touch_channel: string
  last_activity: string | null
  lead_owner?: string
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
  // Sorting by owner needs every lead's owner; any other sort only the page's.
  const byOwner = query.sort === 'owner'
  const direction = query.order === 'asc' ? 'ASC' : 'DESC'
  const blankLast = BLANK_LAST.has(query.sort) ? `ifNull(${LEAD_SORTS[query.sort]}, '') = '', ` : ''
  const [found, counted] = await Promise.all([
    marts.rows<Found>(
      `SELECT email, name, company, score, temperature, traffic_light, current_stage,
         first_touch_channel, toString(last_activity_at) AS last_activity
         ${byOwner ? ', owners.lead_owner AS lead_owner' : ''}
       FROM ${table.leads}
       ${byOwner ? `LEFT JOIN (${ownersSql(table.activity_log, EVERY_LEAD)}) AS owners ON owners.email = leads.email` : ''}
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
  const owners = byOwner
    ? new Map(found.map((row) => [row.email, row.lead_owner ?? '']))
    : await ownersOf(
        marts,
        found.map((row) => row.email),
      )
  return {
    total: counted[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    rows: found.map((row) => ({
      email: row.email,
      name: orNull(row.name),
      company: orNull(row.company),
      score: row.score,
      temperature: row.temperature,
      trafficLight: row.traffic_light,
      stage: row.current_stage,
      owner: orNull(owners.get(row.email)),
      firstTouchChannel:
        row.first_touch_channel === '(none)' ? null : orNull(row.first_touch_channel),
      lastActivityAt: isoTime(row.last_activity),
    })),
  }
}

/** Leads' histories in the activity log: a range of its key, which skips the visitors'. */
export const EVERY_LEAD = "person_key LIKE 'lead:%'"

/** Each lead's owner: the salesperson of their latest sales-log entry naming one. */
export function ownersSql(activityLog: string, condition: string): string {
  return `SELECT email, argMax(owner, (ts, seq)) AS lead_owner FROM ${activityLog}
    WHERE source = 'sales' AND owner != '' AND ${condition} GROUP BY email`
}

/** The owners of these leads, read by the activity log's key (person_key). */
export async function ownersOf(marts: Marts, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map()
  const found = await marts.rows<{ email: string; lead_owner: string }>(
    ownersSql(marts.table.activity_log, 'person_key IN {keys: Array(String)}'),
    { keys: emails.map((email) => `lead:${email}`) },
  )
  return new Map(found.map((row) => [row.email, row.lead_owner]))
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
