/**
 * A build on a cluster, as the runner sends it: the jaffle_shop project built twice through a
 * warehouse that names a cluster (a recording client stands in for the servers; no cluster runs
 * here). Every statement that changes the schema carries ON CLUSTER, rows go in through the
 * Distributed tables, and the second build deletes an incremental model's replaced rows on every
 * shard's local table.
 */
import { join } from 'node:path'
import type { Warehouse } from '@leadhouse/warehouse'
import { describe, expect, it } from 'vitest'
import { invoke } from './commands.js'

const PROJECT = join(import.meta.dirname, '..', 'test-projects', 'jaffle_shop')
const CLUSTER = 'leadhouse_cluster'

/** A warehouse on a cluster whose client records what it is sent and answers from `tables`. */
function recordingWarehouse(tables: { name: string; engine: string }[]) {
  const sent: string[] = []
  const answer = (query: string): unknown[] => {
    if (query.includes('FROM system.tables WHERE database = {schema:String} AND name')) return []
    if (query.includes('FROM system.tables')) return tables
    if (query.includes('FROM system.columns'))
      return ['order_id', 'status', 'order_date'].map((name, position) => ({
        name,
        type: 'String',
        position: position + 1,
        comment: '',
      }))
    if (query.includes('AS any')) return [{ any: 1 }]
    if (query.includes('AS failures')) return [{ failures: 0 }]
    if (query.includes('AS n')) return [{ n: '3' }]
    return []
  }
  const client = {
    command: async ({ query }: { query: string }) => {
      sent.push(query)
    },
    query: async ({ query }: { query: string }) => ({ json: async () => answer(query) }),
    insert: async ({ table }: { table: string }) => {
      sent.push(`INSERT INTO ${table} FORMAT JSONEachRow`)
    },
  } as unknown as Warehouse['client']
  const warehouse = { client, database: 'jaffle', cluster: CLUSTER } as unknown as Warehouse
  return { warehouse, sent }
}

const build = (warehouse: Warehouse) =>
  invoke({ command: 'build', projectDir: PROJECT, warehouse, writeArtifacts: false, env: {} })

describe('a build on a cluster', () => {
  it('sends every DDL ON CLUSTER and every row through a Distributed table', async () => {
    const first = recordingWarehouse([])
    const result = await build(first.warehouse)
    expect(result.run?.results.length).toBeGreaterThan(15)
    expect(
      result.run?.results.filter((r) => r.status !== 'success' && r.status !== 'pass'),
    ).toEqual([])
    const ddl = first.sent.filter((s) =>
      /^(CREATE|DROP|RENAME|EXCHANGE|ALTER|DELETE|SYSTEM)\b/.test(s),
    )
    expect(ddl.length).toBeGreaterThan(20)
    for (const statement of ddl) expect(statement).toContain(` ON CLUSTER '${CLUSTER}'`)
    expect(first.sent[0]).toBe(`CREATE DATABASE IF NOT EXISTS \`jaffle\` ON CLUSTER '${CLUSTER}'`)
    for (const insert of first.sent.filter((s) => s.startsWith('INSERT')))
      expect(insert).not.toMatch(/^INSERT INTO \S+_local\b/)
    expect(first.sent).toContain(
      `CREATE OR REPLACE TABLE \`jaffle\`.\`customers\` ON CLUSTER '${CLUSTER}' AS \`jaffle\`.\`customers_local\`\nENGINE = Distributed('${CLUSTER}', \`jaffle\`, \`customers_local\`, rand())`,
    )
  })

  it('deletes the rows an incremental build replaces on every shard, and exchanges tables', async () => {
    const built = [
      'raw_customers',
      'raw_orders',
      'raw_payments',
      'customers',
      'orders',
      'order_events',
    ]
    const second = recordingWarehouse([
      ...built.flatMap((name) => [
        { name, engine: 'Distributed' },
        { name: `${name}_local`, engine: 'ReplicatedMergeTree' },
      ]),
      ...['stg_customers', 'stg_orders', 'stg_payments'].map((name) => ({ name, engine: 'View' })),
    ])
    const result = await build(second.warehouse)
    expect(
      result.run?.results.filter((r) => r.status !== 'success' && r.status !== 'pass'),
    ).toEqual([])
    expect(second.sent).toContain(
      `DELETE FROM \`jaffle\`.\`order_events_local\` ON CLUSTER '${CLUSTER}' WHERE (order_id) IN (SELECT order_id FROM \`jaffle\`.\`order_events__dbt_new_data\`)`,
    )
    expect(second.sent).toContain(
      `EXCHANGE TABLES \`jaffle\`.\`customers__dbt_new_local\` AND \`jaffle\`.\`customers_local\` ON CLUSTER '${CLUSTER}'`,
    )
    for (const statement of second.sent.filter((s) =>
      /^(CREATE|DROP|RENAME|EXCHANGE|ALTER|DELETE|SYSTEM)\b/.test(s),
    ))
      expect(statement).toContain(` ON CLUSTER '${CLUSTER}'`)
  })
})
