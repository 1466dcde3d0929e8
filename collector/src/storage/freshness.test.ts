import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { rawTablesVersion } from './freshness.js'

describe('rawTablesVersion', () => {
  const opened = openTemporaryWarehouse().then(async (warehouse) => {
    await migrate(warehouse)
    return warehouse
  })
  afterAll(async () => (await opened).close())

  const cost = (campaign: string) => ({
    day: '2026-11-01',
    channel: 'paid_search',
    campaign,
    cost: '10.00',
  })

  it('is empty while the raw tables hold nothing', async () => {
    expect(await rawTablesVersion(await opened)).toBe('')
  })

  it('changes with every insert, also of a row equal to an earlier one, and not with merges', async () => {
    const warehouse = await opened
    const insert = (campaign: string) =>
      warehouse.client.insert({
        table: 'leadhouse.campaign_costs',
        values: [cost(campaign)],
        format: 'JSONEachRow',
      })
    await insert('q4')
    const first = await rawTablesVersion(warehouse)
    expect(first).not.toBe('')
    await insert('q4')
    const second = await rawTablesVersion(warehouse)
    expect(second).not.toBe(first)
    await warehouse.client.command({ query: 'OPTIMIZE TABLE leadhouse.campaign_costs FINAL' })
    expect(await rawTablesVersion(warehouse)).toBe(second)
    // A row of an earlier month: a partition of its own.
    await warehouse.client.insert({
      table: 'leadhouse.campaign_costs',
      values: [{ ...cost('q3'), day: '2026-09-01' }],
      format: 'JSONEachRow',
    })
    expect(await rawTablesVersion(warehouse)).not.toBe(second)
  })

  it('changes with a delete', async () => {
    const warehouse = await opened
    const before = await rawTablesVersion(warehouse)
    await warehouse.client.command({
      query: "ALTER TABLE leadhouse.campaign_costs DELETE WHERE campaign = 'q3'",
      clickhouse_settings: { mutations_sync: '2' },
    })
    expect(await rawTablesVersion(warehouse)).not.toBe(before)
  })
})
