/**
 * `GET /api/v1/queue`: the MQLs waiting for sales, oldest first: leads whose current stage is
 * `mql` and that no SQL decision has followed since they entered it. A decision already in the
 * sales log (made in the dashboard, or sent by the CRM) takes the lead out of the queue at once,
 * before the next build moves it on in the marts.
 */
import type { QueueResponse } from '@leadhouse/dashboards/api-types'
import { type LeadColumns, leadColumns, leadFields } from './lead-row.js'
import { isoTime, type Marts } from './marts.js'

export interface QueueQuery {
  /** Only the leads of this owner (the caller's key name), when set. */
  owner?: string | undefined
  page: number
  pageSize: number
}

interface Found extends LeadColumns {
  mql_at: string
  total: number
}

export async function queryQueue(
  marts: Marts,
  crmEvents: string,
  query: QueueQuery,
): Promise<QueueResponse> {
  const { table } = marts
  // The caller's leads: those they own, and those routed to their team without an owner yet.
  const mine =
    query.owner === undefined
      ? ''
      : `AND (leads.owner = {owner: String} OR (leads.owner = '' AND leads.team IN (
          SELECT team FROM ${table.sales_team} WHERE person = {owner: String} AND active)))`
  const found = await marts.rows<Found>(
    `SELECT ${leadColumns('leads')},
       toString(leads.current_stage_entered_at) AS mql_at, count() OVER () AS total
     FROM ${table.leads} AS leads
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
    rows: found.map((row) => ({ ...leadFields(row), mqlAt: isoTime(row.mql_at) })),
  }
}

/** The queue's length when the page asked for is past its end (no row carries the count). */
async function countQueue(marts: Marts, crmEvents: string, query: QueueQuery): Promise<number> {
  return (await queryQueue(marts, crmEvents, { ...query, page: 1, pageSize: 1 })).total
}
