import { createHash } from 'node:crypto'
import { onCluster } from '../cluster.js'
import { quoteIdentifier } from '../identifiers.js'
import type { Warehouse } from '../warehouse.js'
import { ddlFor } from './ddl.js'
import { MIGRATIONS, type Migration } from './migrations.js'

/** A migration was changed after it ran, or failed; the message says which. */
export class MigrationError extends Error {
  override name = 'MigrationError'
}

/**
 * Brings the database up to the newest migration and returns the versions applied now.
 * Safe to call at every start and from several processes.
 */
export async function migrate(
  warehouse: Warehouse,
  migrations: Migration[] = MIGRATIONS,
): Promise<number[]> {
  const { client, cluster } = warehouse
  const db = quoteIdentifier(warehouse.database)
  for (const query of bookkeepingStatements(db, cluster)) await client.command({ query })
  const result = await client.query({
    query: `SELECT version, checksum FROM ${db}.schema_migrations FINAL`,
    format: 'JSONEachRow',
  })
  const applied = new Map(
    (await result.json<{ version: number; checksum: string }>()).map((row) => [
      row.version,
      row.checksum,
    ]),
  )
  const ran: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const statements = migration.statements(db, cluster)
    const checksum = createHash('sha256').update(statements.join(';\n')).digest('hex')
    const recorded = applied.get(migration.version)
    if (recorded !== undefined) {
      if (recorded !== checksum) {
        throw new MigrationError(
          `migration ${migration.version} (${migration.name}) was changed after it was applied; add a new migration instead`,
        )
      }
      continue
    }
    for (const statement of statements) {
      try {
        await client.command({ query: statement })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new MigrationError(
          `migration ${migration.version} (${migration.name}) failed: ${reason}`,
        )
      }
    }
    await client.insert({
      table: `${db}.schema_migrations`,
      values: [{ version: migration.version, name: migration.name, checksum }],
      format: 'JSONEachRow',
    })
    ran.push(migration.version)
  }
  return ran
}

/**
 * The database and the table recording the migrations applied, on `cluster` when given: there
 * `schema_migrations` is read through its Distributed table like the raw tables.
 */
export function bookkeepingStatements(db: string, cluster?: string): string[] {
  return [
    `CREATE DATABASE IF NOT EXISTS ${db}${onCluster(cluster)}`,
    ...ddlFor(db, cluster).createTable('schema_migrations', {
      columns: `
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
`,
      engine: 'ReplacingMergeTree(applied_at)',
      keys: 'ORDER BY version',
      shardingKey: 'version',
    }),
  ]
}
