import { qualifiedName, queryRows, quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'

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

export interface EraseOptions {
  /**
   * How long to wait for the engine to delete the parts the erasure replaced (they still hold the
   * person's rows) before answering anyway; they go at the engine's next cleanup. Default 10 s.
   */
  cleanupTimeoutMs?: number
}

/**
 * The table the erasure's statements read the person from. A Memory table: its rows never reach
 * the disk, and after a crash it comes back empty, so a mutation left unfinished then matches
 * nothing instead of failing on a missing table.
 */
export const ERASURE_TABLE = '_leadhouse_erasure'

/**
 * Tables a model build works in and drops when done (the runner's `__dbt_new`, `__dbt_new_data`
 * and `__dbt_text`; ClickHouse's own `_tmp_replace_…` of CREATE OR REPLACE). An erasure runs only
 * while no build does, so any of them standing then is a crashed build's leftover: it may hold the
 * person, no build will read it again (the next one drops it before building), so it is dropped.
 */
const BUILD_LEFTOVER = /(__dbt_new|__dbt_new_data|__dbt_text)$|^_tmp_replace_/

/**
 * MergeTree settings under which the parts a mutation or merge replaced are deleted at the
 * engine's next cleanup, run every second (by default every 30 s, up to 5 minutes on an idle
 * table). Set on every table an erasure walks that lacks them (the raw tables have them from a
 * migration, the models' tables from dbt_project.yml); a cleanup already scheduled keeps its
 * time, so the first erasure on such a table may leave its replaced parts a little longer.
 */
const CLEANUP_SETTINGS: Record<string, number> = {
  cleanup_delay_period: 1,
  max_cleanup_delay_period: 1,
  cleanup_delay_period_random_add: 0,
}

/**
 * Removes one person from every table of the database: each table with an `email` or
 * `anonymous_id` column (raw tables and marts alike, so marts added later are covered), and the
 * refused payloads that name them. Their anonymous ids are found through their identify events,
 * as identity stitching joins them; an anonymous id that identified names its lead, the email it
 * first identified with.
 *
 * Run it while no model build runs (`ModelsScheduler.exclusive`): a build reading the person's
 * rows while they are deleted would write them back, and its temporary tables come and go.
 *
 * Nothing identifying the person is written into a statement the engine keeps: the person's
 * email and ids go into a Memory table, and each table's mutation deletes `WHERE email IN (SELECT
 * … FROM that table)`, so `system.mutations` and the `mutation_*.txt` files hold only that text.
 * Each deletion is a mutation run to completion, which rewrites the parts holding the person (rows
 * an earlier lightweight DELETE only masked are purged first: a mutation does not see them); the
 * parts it replaced are then deleted by the engine's cleanup, which this waits for (briefly).
 *
 * If it fails half-way, running it again completes it: the raw `events`, which name the
 * person's devices, are erased last.
 */
export async function erasePerson(
  warehouse: Warehouse,
  request: ErasureRequest,
  options: EraseOptions = {},
): Promise<ErasureReceipt> {
  const { client, database } = warehouse
  const events = qualifiedName(database, 'events')
  const helper = qualifiedName(database, ERASURE_TABLE)
  // A browser that identified belongs to a lead: the person behind it is that lead, on every
  // device (erasing the one browser would also leave the lead's history with a hole).
  const [identified] =
    !request.email && request.anonymousId
      ? await queryRows<{ lead_email: string }>(
          warehouse,
          `SELECT argMin(email, ts) AS lead_email FROM ${events}
           WHERE anonymous_id = {id:String} AND type = 'identify' AND email != ''
           HAVING count() > 0`,
          { id: request.anonymousId },
        )
      : []
  const email = (request.email ?? identified?.lead_email)?.trim().toLowerCase() || null
  const linked = email
    ? await queryRows<{ id: string }>(
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

  await dropLeftovers(warehouse)
  await client.command({
    query: `CREATE TABLE ${helper} (kind LowCardinality(String), value String) ENGINE = Memory`,
  })
  const removed: Record<string, number> = {}
  try {
    await client.command({
      query: `INSERT INTO ${helper} SELECT kind, value
              FROM (SELECT 'email' AS kind, arrayJoin({emails:Array(String)}) AS value
                    UNION ALL SELECT 'anonymous_id', arrayJoin({ids:Array(String)}))`,
      query_params: { emails: email ? [email] : [], ids: anonymousIds },
    })
    const tables = await queryRows<{ table: string; columns: string[] }>(
      warehouse,
      `SELECT table, groupArray(name) AS columns FROM system.columns
       WHERE database = {database:String} AND name IN ('email', 'anonymous_id')
         AND table IN (SELECT name FROM system.tables WHERE database = {database:String} AND engine LIKE '%MergeTree')
       GROUP BY table ORDER BY table`,
      { database },
    )
    const mentions = `(SELECT groupArray(value) FROM ${helper})`
    const walked = [
      ...tables.map(({ table, columns }) => ({
        table,
        where: [
          ...(columns.includes('email') && email
            ? [`email IN (SELECT value FROM ${helper} WHERE kind = 'email')`]
            : []),
          ...(columns.includes('anonymous_id') && anonymousIds.length
            ? [`anonymous_id IN (SELECT value FROM ${helper} WHERE kind = 'anonymous_id')`]
            : []),
        ].join(' OR '),
      })),
      // Refused input keeps its raw payload, which may name the person anywhere in it.
      ...(email || anonymousIds.length
        ? [
            {
              table: 'rejected_events',
              where: `multiSearchAnyCaseInsensitive(payload, ${mentions})`,
            },
          ]
        : []),
    ]
    // The raw events last: a retry after a failure finds the person's devices through them.
    walked.sort((a, b) => Number(a.table === 'events') - Number(b.table === 'events'))
    for (const { table, where } of walked) {
      await cleanupSoon(warehouse, table)
      if (where) removed[table] = await deleteWhere(warehouse, table, where)
    }
  } finally {
    await dropErasureTable(warehouse)
  }
  await awaitCleanup(warehouse, Object.keys(removed), options.cleanupTimeoutMs ?? 10_000)
  return { erased_at: new Date().toISOString(), email, anonymous_ids: anonymousIds, removed }
}

/**
 * Deletes the rows of `table` matching `where` (which names no one: it reads the erasure table),
 * and answers how many were visible. Rows masked by a lightweight DELETE (an incremental model's
 * delete+insert) are invisible to queries and to mutations but still in the parts: if the person
 * is among them, the masks are applied first, which rewrites those parts without them.
 */
async function deleteWhere(warehouse: Warehouse, table: string, where: string): Promise<number> {
  const target = qualifiedName(warehouse.database, table)
  // Settings go in the statements' SETTINGS clauses, never in `clickhouse_settings`: the embedded
  // engine's client turns those into SETs on its pooled session, where they would stay for the
  // queries after (a model build reading masked rows as if they were there).
  const count = async (settings: string) => {
    const [counted] = await queryRows<{ n: string }>(
      warehouse,
      `SELECT count() AS n FROM ${target} WHERE ${where}${settings}`,
      {},
    )
    return Number(counted?.n ?? 0)
  }
  const visible = await count('')
  const stored = await count('\nSETTINGS apply_deleted_mask = 0')
  const sync = '\nSETTINGS mutations_sync = 2'
  if (stored > visible)
    await warehouse.client.command({ query: `ALTER TABLE ${target} APPLY DELETED MASK${sync}` })
  if (visible > 0)
    await warehouse.client.command({ query: `ALTER TABLE ${target} DELETE WHERE ${where}${sync}` })
  return visible
}

/** Sets CLEANUP_SETTINGS on `table` where they are not set yet (a metadata change). */
async function cleanupSoon(warehouse: Warehouse, table: string): Promise<void> {
  const [described] = await queryRows<{ engine_full: string }>(
    warehouse,
    'SELECT engine_full FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    { database: warehouse.database, table },
  )
  const missing = Object.entries(CLEANUP_SETTINGS).filter(
    ([name, value]) =>
      !new RegExp(`(^|[^a-z_])${name} = ${value}\\b`).test(described?.engine_full ?? ''),
  )
  if (!missing.length) return
  await warehouse.client.command({
    query: `ALTER TABLE ${qualifiedName(warehouse.database, table)} MODIFY SETTING ${missing
      .map(([name, value]) => `${name} = ${value}`)
      .join(', ')}`,
  })
}

/** Drops what a crashed build (see BUILD_LEFTOVER) or erasure left. */
async function dropLeftovers(warehouse: Warehouse): Promise<void> {
  const { client, database } = warehouse
  await dropErasureTable(warehouse)
  const tables = await queryRows<{ name: string }>(
    warehouse,
    'SELECT name FROM system.tables WHERE database = {database:String}',
    { database },
  )
  for (const { name } of tables)
    if (BUILD_LEFTOVER.test(name))
      await client.command({
        query: `DROP TABLE IF EXISTS ${quoteIdentifier(database)}.${quoteIdentifier(name)} SYNC`,
      })
}

/**
 * Drops the erasure table, first stopping the mutations still reading it (an erasure that failed
 * half-way): without it they would fail for ever, and hold back every later mutation of their
 * table, a build's DELETE included. A retry of the erasure does their work.
 */
async function dropErasureTable(warehouse: Warehouse): Promise<void> {
  const { client, database } = warehouse
  await client.command({
    query: `KILL MUTATION WHERE database = {database:String} AND NOT is_done
            AND position(command, {helper:String}) > 0`,
    query_params: { database, helper: ERASURE_TABLE },
  })
  await client.command({
    query: `DROP TABLE IF EXISTS ${qualifiedName(database, ERASURE_TABLE)} SYNC`,
  })
}

/**
 * Waits until the parts the erasure's mutations replaced (outdated parts, still on disk and still
 * holding the person) are deleted by the engine's cleanup, or `timeoutMs` has passed.
 */
async function awaitCleanup(
  warehouse: Warehouse,
  tables: string[],
  timeoutMs: number,
): Promise<void> {
  if (!tables.length) return
  // A ClickHouse server keeps replaced parts for old_parts_lifetime (8 minutes by default; the
  // embedded engine, 0): not worth waiting for.
  const [lifetime] = await queryRows<{ value: string }>(
    warehouse,
    "SELECT value FROM system.merge_tree_settings WHERE name = 'old_parts_lifetime'",
    {},
  )
  if (Number(lifetime?.value ?? 0) * 1000 > timeoutMs) return
  const outdated = async () =>
    (
      await queryRows<{ part: string }>(
        warehouse,
        `SELECT concat(table, '/', name) AS part FROM system.parts
         WHERE database = {database:String} AND table IN {tables:Array(String)} AND NOT active`,
        { database: warehouse.database, tables },
      )
    ).map((row) => row.part)
  // Parts outdated later were made after the erasure, by merges of parts without the person.
  const replaced = new Set(await outdated())
  const deadline = Date.now() + timeoutMs
  while (replaced.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const left = new Set(await outdated())
    for (const part of replaced) if (!left.has(part)) replaced.delete(part)
  }
  if (replaced.size > 0)
    console.warn(
      `leadhouse: erasure: ${replaced.size} replaced parts still on disk after ${timeoutMs} ms (${[...replaced].join(', ')}); the engine's cleanup deletes them later`,
    )
}
