import { createHash } from 'node:crypto'
import { quoteIdentifier } from '../identifiers.js'
import type { Warehouse } from '../warehouse.js'
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
  const { client } = warehouse
  const db = quoteIdentifier(warehouse.database)
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` })
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version`,
  })
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
    const statements = migration.statements(db)
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
