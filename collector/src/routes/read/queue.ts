/**
 * `GET /api/v1/queue`: the MQLs waiting for sales, oldest first: leads whose current stage is
 * `mql` and that no SQL decision has followed since they entered it. A decision already in the
 * sales log (made in the dashboard, or sent by the CRM) takes the lead out of the queue at once,
 * before the next build moves it on in the marts.
 */
import type { QueueResponse, QueueRow } from '@leadhouse/dashboards/api-types'
import { EVERY_LEAD, ownersSql } from './leads.js'
import { isoTime, type Marts, orNull } from './marts.js'

export interface QueueQuery {
  /** Only the leads of this owner (the caller's key name), when set. */
  owner?: string | undefined
  page: number
  pageSize: number
}

/**
 * Each lead's owner and team. Until `leads` has `owner` and `team` (the routing mart of #24),
 * the owner is the salesperson of the latest sales-log entry naming one, as the leads view has
 * it; then this becomes `SELECT email, owner AS lead_owner, team FROM ${table.leads}`.
 */
function ownersAndTeams(table: Marts['table']): string {
  return `SELECT email, lead_owner, '' AS team FROM (${ownersSql(table.activity_log, EVERY_LEAD)})`
}

interface Found {
  email: string
  name: string
  company: string
  score: number
  temperature: QueueRow['temperature']
  traffic_light: QueueRow['trafficLight']
  first_touch_channel: string
  mql_at: string
  lead_owner: string
  total: number
}

export async function queryQueue(
  marts: Marts,
  crmEvents: string,
  query: QueueQuery,
): Promise<QueueResponse> {
  const { table } = marts
  // An owner filter matches the owner or, once routing gives leads a team, the team.
  const mine =
    query.owner === undefined
      ? ''
      : 'AND (owners.lead_owner = {owner: String} OR owners.team = {owner: String})'
  const found = await marts.rows<Found>(
    `SELECT leads.email AS email, leads.name AS name, leads.company AS company,
       leads.score AS score, leads.temperature AS temperature,
       leads.traffic_light AS traffic_light, leads.first_touch_channel AS first_touch_channel,
       toString(leads.current_stage_entered_at) AS mql_at, owners.lead_owner AS lead_owner,
       count() OVER () AS total
     FROM ${table.leads} AS leads
     LEFT JOIN (${ownersAndTeams(table)}) AS owners ON owners.email = leads.email
     -- Without a decision the join gives the epoch (join_use_nulls is off): before any entry.
     LEFT JOIN (
       SELECT lower(trim(email)) AS email, max(occurred_at) AS decided_at FROM ${crmEvents}
       WHERE type = 'sql_decision' GROUP BY email
     ) AS decisions ON decisions.email = leads.email
     WHERE leads.current_stage = 'mql'
       AND decisions.decided_at < leads.current_stage_entered_at
       ${mine}
     ORDER BY leads.current_stage_entered_at, leads.score DESC, leads.email
     LIMIT {limit: UInt32} OFFSET {offset: UInt64}`,
    {
      owner: query.owner,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    },
  )
  return {
    total: found[0]?.total ?? (query.page > 1 ? await countQueue(marts, crmEvents, query) : 0),
    page: query.page,
    pageSize: query.pageSize,
    rows: found.map((row) => ({
      email: row.email,
      name: orNull(row.name),
      company: orNull(row.company),
      score: row.score,
      temperature: row.temperature,
      trafficLight: row.traffic_light,
      owner: orNull(row.lead_owner),
      mqlAt: isoTime(row.mql_at),
      firstTouchChannel:
        row.first_touch_channel === '(none)' ? null : orNull(row.first_touch_channel),
    })),
  }
}

/** The queue's length when the page asked for is past its end (no row carries the count). */
async function countQueue(marts: Marts, crmEvents: string, query: QueueQuery): Promise<number> {
  return (await queryQueue(marts, crmEvents, { ...query, page: 1, pageSize: 1 })).total
}
