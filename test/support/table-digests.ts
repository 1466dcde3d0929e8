/**
 * `node --import tsx test/support/table-digests.ts <data dir>`: prints, as JSON, every table of
 * the data directory's `leadhouse` database (raw tables and marts; views hold no rows) with its
 * row count and an order-independent digest of its rows. A process of its own, so that a test
 * can compare several data directories (the embedded engine binds one per process).
 */
import { openWarehouse, quoteIdentifier } from '@leadhouse/warehouse'
import { rows } from '@leadhouse/warehouse/testing'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: table-digests.ts <data dir>')
const warehouse = await openWarehouse({ dataDir })
try {
  const tables = await rows<{ name: string }>(
    warehouse,
    "SELECT name FROM system.tables WHERE database = 'leadhouse' AND engine NOT IN ('View', 'MaterializedView') ORDER BY name",
  )
  const digests: Record<string, { rows: string; digest: string }> = {}
  for (const { name } of tables) {
    const [digest] = await rows<{ rows: string; digest: string }>(
      warehouse,
      `SELECT count() AS rows, toString(groupBitXor(cityHash64(*))) AS digest FROM leadhouse.${quoteIdentifier(name)}`,
    )
    if (digest) digests[name] = digest
  }
  process.stdout.write(`${JSON.stringify(digests)}\n`)
} finally {
  await warehouse.close()
}
