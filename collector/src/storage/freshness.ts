import { assertClusterName, LOCAL_SUFFIX, queryRows, type Warehouse } from '@leadhouse/warehouse'

/** The raw tables the models read: a build has something new only when one of them changed. */
export const MODELLED_RAW_TABLES = ['events', 'crm_events', 'campaign_costs'] as const

/**
 * A version of what the raw tables hold, from the engine's lists of parts and mutations alone (no
 * table is read): per table, its partitions and the sum of each partition's highest block
 * number, and its mutations (an erasure's delete). Every insert writes a block numbered above
 * every earlier one of its partition (of its table, outside a replicated cluster), so the sum
 * grows; a merge keeps a partition's highest number, so merges leave it be; a dropped partition
 * changes the count. An empty string when the tables hold no part (their mutations aside). On a
 * cluster it asks one replica of every shard about the local tables (`<name>_local`, where the
 * parts are), each shard's partitions apart: block numbers are per shard, and a replica's match
 * its shard's.
 */
export async function rawTablesVersion(warehouse: Warehouse): Promise<string> {
  const { cluster } = warehouse
  const tables = MODELLED_RAW_TABLES.map((table) => (cluster ? `${table}${LOCAL_SUFFIX}` : table))
  const params = { database: warehouse.database, tables }
  // The cluster name is validated: a table function takes no query parameter for it everywhere.
  const system = (table: string) =>
    cluster ? `cluster('${assertClusterName(cluster)}', system.${table})` : `system.${table}`
  // getMacro runs on each shard it is sent to: its own name of its shard.
  const shard = cluster ? "getMacro('shard') AS shard, " : ''
  const parts = await queryRows<{ table: string; partitions: string; blocks: string }>(
    warehouse,
    `SELECT table, count() AS partitions, sum(max_block) AS blocks
     FROM (
       SELECT ${shard}table, partition_id, max(max_block_number) AS max_block
       FROM ${system('parts')}
       WHERE database = {database:String} AND table IN {tables:Array(String)} AND active
       GROUP BY ${cluster ? 'shard, ' : ''}table, partition_id
     )
     GROUP BY table
     ORDER BY table`,
    params,
  )
  const mutations = await queryRows<{ table: string; mutations: string; newest: string }>(
    warehouse,
    `SELECT table, count() AS mutations, toUnixTimestamp(max(create_time)) AS newest
     FROM ${system('mutations')}
     WHERE database = {database:String} AND table IN {tables:Array(String)}
     GROUP BY table
     ORDER BY table`,
    params,
  )
  // Mutations of a table without parts change nothing a build reads (the migrations' own
  // MATERIALIZE COLUMN on an empty table is one): an empty install stays empty.
  const withParts = new Set(parts.map(({ table }) => table))
  return [
    ...parts.map(({ table, partitions, blocks }) => `${table}:${partitions}:${blocks}`),
    ...mutations
      .filter(({ table }) => withParts.has(table))
      .map(({ table, mutations, newest }) => `${table}:m${mutations}:${newest}`),
  ].join(';')
}

/**
 * When the newest event in the activity log was received (ms), or undefined before the first
 * build or while it is empty: how fresh the marts are.
 */
export async function newestModelledAt(warehouse: Warehouse): Promise<number | undefined> {
  const [row] = await queryRows<{ rows: string; newest: string }>(
    warehouse,
    `SELECT count() AS rows, toUnixTimestamp64Milli(max(received_at)) AS newest
     FROM {database:Identifier}.activity_log`,
    { database: warehouse.database },
  )
  return row && Number(row.rows) > 0 ? Number(row.newest) : undefined
}
