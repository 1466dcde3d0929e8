import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { rawTablesVersion } from './freshness.js'

// One engine per file: both describes use it.
const opened = openTemporaryWarehouse().then(async (warehouse) => {
  await migrate(warehouse)
  return warehouse
})
afterAll(async () => (await opened).close())

describe('rawTablesVersion', () => {
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

describe('rawTablesVersion on a cluster', () => {
  it("asks every shard about the local tables' parts and mutations, with queries the engine parses", async () => {
    const warehouse = await opened
    const asked: { query: string; params: Record<string, unknown> }[] = []
    const clustered = {
      ...warehouse,
      cluster: 'leadhouse_cluster',
      client: {
        query: async ({
          query,
          query_params,
        }: {
          query: string
          query_params: Record<string, unknown>
        }) => {
          asked.push({ query, params: query_params })
          return { json: async () => [] }
        },
      },
    } as unknown as typeof warehouse
    expect(await rawTablesVersion(clustered)).toBe('')
    expect(asked).toHaveLength(2)
    expect(asked[0]?.query).toContain("FROM cluster('leadhouse_cluster', system.parts)")
    expect(asked[0]?.query).toContain('GROUP BY shard, table, partition_id')
    expect(asked[1]?.query).toContain("FROM cluster('leadhouse_cluster', system.mutations)")
    for (const { query, params } of asked) {
      expect(params.tables).toEqual(['events_local', 'crm_events_local', 'campaign_costs_local'])
      const result = await warehouse.client.query({
        query: 'SELECT length(formatQuery({q:String})) > 0 AS ok',
        query_params: { q: query },
        format: 'JSONEachRow',
      })
      expect(await result.json()).toEqual([{ ok: 1 }])
    }
  })
})
