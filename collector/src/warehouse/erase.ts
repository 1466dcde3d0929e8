import { qualifiedName, type Warehouse } from '@leadhouse/warehouse'

/** Who to erase: an email address, an anonymous id, or both. */
export interface ErasureRequest {
  email?: string | undefined
  anonymousId?: string | undefined
}

/** What was removed, table by table. */
export interface ErasureReceipt {
  erased_at: string
  email: string | null
  anonymous_ids: string[]
  /** Rows removed per table (before the removal, counted). */
  removed: Record<string, number>
}

/**
 * Removes one person from every table of the database: each table with an `email` or
 * `anonymous_id` column (raw tables and marts alike, so marts added later are covered), and the
 * refused payloads that name them. Their anonymous ids are found through their identify events,
 * as identity stitching joins them; an anonymous id that identified names its lead, the email it
 * first identified with. Deletion is a mutation run to completion, so the rows are
 * gone from disk when this returns, not only hidden.
 */
export async function erasePerson(
  warehouse: Warehouse,
  request: ErasureRequest,
): Promise<ErasureReceipt> {
  const { client, database } = warehouse
  const events = qualifiedName(database, 'events')
  // A browser that identified belongs to a lead: the person behind it is that lead, on every
  // device (erasing the one browser would also leave the lead's history with a hole).
  const [identified] =
    !request.email && request.anonymousId
      ? await rows<{ lead_email: string }>(
          warehouse,
          `SELECT argMin(email, ts) AS lead_email FROM ${events}
           WHERE anonymous_id = {id:String} AND type = 'identify' AND email != ''
           HAVING count() > 0`,
          { id: request.anonymousId },
        )
      : []
  const email = (request.email ?? identified?.lead_email)?.trim().toLowerCase() || null
  const linked = email
    ? await rows<{ id: string }>(
        warehouse,
        `SELECT DISTINCT anonymous_id AS id FROM ${events} WHERE email = {email:String} AND anonymous_id != ''`,
        { email },
      )
    : []
  const anonymousIds = [
    ...new Set([
      ...linked.map((row) => row.id),
      ...(request.anonymousId ? [request.anonymousId] : []),
    ]),
  ]

  const tables = await rows<{ table: string; columns: string[] }>(
    warehouse,
    `SELECT table, groupArray(name) AS columns FROM system.columns
     WHERE database = {database:String} AND name IN ('email', 'anonymous_id')
       AND table IN (SELECT name FROM system.tables WHERE database = {database:String} AND engine LIKE '%MergeTree')
     GROUP BY table ORDER BY table`,
    { database },
  )
  const params = { email: email ?? '', ids: anonymousIds }
  const removed: Record<string, number> = {}
  for (const { table, columns } of tables) {
    const conditions = [
      ...(columns.includes('email') && email ? ['email = {email:String}'] : []),
      ...(columns.includes('anonymous_id') && anonymousIds.length
        ? ['anonymous_id IN {ids:Array(String)}']
        : []),
    ]
    if (conditions.length)
      removed[table] = await deleteWhere(table, conditions.join(' OR '), params)
  }
  // Refused input keeps its raw payload, which may name the person anywhere in it.
  const mentions = [email, ...anonymousIds].filter((value): value is string => Boolean(value))
  if (mentions.length) {
    removed.rejected_events = await deleteWhere(
      'rejected_events',
      'multiSearchAnyCaseInsensitive(payload, {mentions:Array(String)})',
      { mentions },
    )
  }
  return { erased_at: new Date().toISOString(), email, anonymous_ids: anonymousIds, removed }

  async function deleteWhere(table: string, where: string, query_params: Record<string, unknown>) {
    const target = qualifiedName(database, table)
    const [counted] = await rows<{ n: string }>(
      warehouse,
      `SELECT count() AS n FROM ${target} WHERE ${where}`,
      query_params,
    )
    const n = Number(counted?.n ?? 0)
    if (n > 0) {
      await client.command({
        query: `ALTER TABLE ${target} DELETE WHERE ${where}`,
        query_params,
        clickhouse_settings: { mutations_sync: '2' },
      })
    }
    return n
  }
}

async function rows<T>(
  warehouse: Warehouse,
  query: string,
  query_params: Record<string, unknown>,
): Promise<T[]> {
  const result = await warehouse.client.query({ query, query_params, format: 'JSONEachRow' })
  return result.json<T>()
}
