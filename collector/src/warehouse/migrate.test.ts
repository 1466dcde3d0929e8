import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { warehouseId } from './installation.js'
import { MigrationError, migrate } from './migrate.js'
import { MIGRATIONS } from './migrations.js'

describe('migrate', () => {
  const opened = openTemporaryWarehouse()
  afterAll(async () => (await opened).close())

  it('creates the raw tables and records the versions it applied', async () => {
    const warehouse = await opened
    expect(await migrate(warehouse)).toEqual(MIGRATIONS.map((m) => m.version))
    const tables = await rows<{ name: string }>(
      warehouse,
      "SELECT name FROM system.tables WHERE database = 'leadhouse' ORDER BY name",
    )
    expect(tables.map((t) => t.name)).toEqual([
      'campaign_costs',
      'crm_events',
      'events',
      'installation',
      'rejected_events',
      'schema_migrations',
    ])
  })

  it('stores one random installation id, kept by later migrations', async () => {
    const warehouse = await opened
    const id = await warehouseId(warehouse)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    await migrate(warehouse)
    expect(await warehouseId(warehouse)).toBe(id)
    expect(await rows(warehouse, 'SELECT count() AS n FROM leadhouse.installation')).toEqual([
      { n: '1' },
    ])
  })

  it('applies nothing the second time and keeps stored rows', async () => {
    const warehouse = await opened
    await warehouse.client.insert({
      table: 'leadhouse.campaign_costs',
      values: [{ day: '2026-11-01', channel: 'paid_search', campaign: 'q4', cost: '120.50' }],
      format: 'JSONEachRow',
    })
    expect(await migrate(warehouse)).toEqual([])
    expect(await rows(warehouse, 'SELECT campaign, cost FROM leadhouse.campaign_costs')).toEqual([
      { campaign: 'q4', cost: 120.5 },
    ])
  })

  it('applies only the migrations added since', async () => {
    const warehouse = await opened
    const next = {
      version: 999,
      name: 'test column',
      statements: (db: string) => [
        `ALTER TABLE ${db}.events ADD COLUMN IF NOT EXISTS test_col String`,
      ],
    }
    expect(await migrate(warehouse, [...MIGRATIONS, next])).toEqual([999])
    expect(await migrate(warehouse, [...MIGRATIONS, next])).toEqual([])
  })

  it('refuses to start when an applied migration was edited', async () => {
    const warehouse = await opened
    const [first, ...rest] = MIGRATIONS
    const edited = { ...(first as (typeof MIGRATIONS)[number]), statements: () => ['SELECT 1'] }
    await expect(migrate(warehouse, [edited, ...rest])).rejects.toThrow(MigrationError)
    await expect(migrate(warehouse, [edited, ...rest])).rejects.toThrow(
      'migration 1 (raw tables) was changed after it was applied; add a new migration instead',
    )
  })
})
