import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { warehouseId } from '../storage/installation.js'
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

  it('stamps inserted_at: rows stored before the migration once, later rows when inserted', async () => {
    // A database of its own, migrated up to the version before the stamp, with a row in it.
    const warehouse = { ...(await opened), database: 'before_stamps' }
    const stampVersion = MIGRATIONS.find(
      (m) => m.name === 'insertion time stamped by the warehouse',
    )
    expect(stampVersion).toBeDefined()
    const earlier = MIGRATIONS.filter((m) => m.version < (stampVersion?.version ?? 0))
    await migrate(warehouse, earlier)
    const insert = (values: object[]) =>
      warehouse.client.insert({ table: 'before_stamps.crm_events', values, format: 'JSONEachRow' })
    await insert([{ record_id: 'old', type: 'call', occurred_at: '2026-01-01 00:00:00.000' }])
    expect(await migrate(warehouse)).toEqual(
      MIGRATIONS.filter((m) => !earlier.includes(m)).map((m) => m.version),
    )
    const stamps = () =>
      rows<{ record_id: string; inserted_at: string }>(
        warehouse,
        'SELECT record_id, toString(inserted_at) AS inserted_at FROM before_stamps.crm_events ORDER BY inserted_at, record_id',
      )
    const [old] = await stamps()
    // Written by the migration: the same at every read, not the moment of the read.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await stamps()).toEqual([old])
    // A writer cannot set it: the warehouse stamps the row when it stores it.
    await insert([
      {
        record_id: 'new',
        type: 'call',
        occurred_at: '2025-01-01 00:00:00.000',
        inserted_at: '2020-01-01 00:00:00.000000',
      },
    ])
    const [first, second] = await stamps()
    expect(first).toEqual(old)
    expect(second?.record_id).toBe('new')
    expect((second?.inserted_at ?? '') > (old?.inserted_at ?? '')).toBe(true)
    // SELECT * leaves it out: a copy of the rows is a set of rows as writers send them.
    const [whole] = await rows(
      warehouse,
      "SELECT * FROM before_stamps.crm_events WHERE record_id = 'new'",
    )
    expect(Object.keys(whole ?? {})).not.toContain('inserted_at')
    expect(Object.keys(whole ?? {})).toContain('received_at')
    const columns = await rows<{ name: string; default_kind: string }>(
      warehouse,
      "SELECT name, default_kind FROM system.columns WHERE database = 'before_stamps' AND name = 'inserted_at' ORDER BY table",
    )
    expect(columns).toEqual([
      { name: 'inserted_at', default_kind: 'MATERIALIZED' },
      { name: 'inserted_at', default_kind: 'MATERIALIZED' },
      { name: 'inserted_at', default_kind: 'MATERIALIZED' },
    ])
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
