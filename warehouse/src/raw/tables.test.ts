/**
 * The row types' column lists against the DDL: a column added by a migration and not to its
 * row type and list (or the other way round) fails here, not at the first insert.
 */
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from './migrate.js'
import { RAW_TABLES } from './tables.js'

describe('raw tables', () => {
  const opened = openTemporaryWarehouse()
  afterAll(async () => (await opened).close())

  it('list exactly the columns a writer fills, the MATERIALIZED ones left to the warehouse', async () => {
    const warehouse = await opened
    await migrate(warehouse)
    const columns = await rows<{ table: string; name: string; default_kind: string }>(
      warehouse,
      "SELECT table, name, default_kind FROM system.columns WHERE database = 'leadhouse' AND table IN ('events', 'crm_events', 'campaign_costs', 'rejected_events') ORDER BY table, position",
    )
    for (const [table, listed] of Object.entries(RAW_TABLES)) {
      const written = columns
        .filter((column) => column.table === table && column.default_kind !== 'MATERIALIZED')
        .map((column) => column.name)
      expect([...listed].sort(), table).toEqual(written.sort())
    }
    expect(
      columns.filter((column) => column.default_kind === 'MATERIALIZED').map((c) => c.table),
    ).toEqual(['campaign_costs', 'crm_events', 'events'])
  })
})
