/**
 * Golden files pin the DDL of every migration, on a single node and on a cluster, and the
 * engine's own parser checks every statement (no cluster runs here: chDB is one node). After a
 * deliberate change: UPDATE_GOLDEN=1 pnpm exec vitest run warehouse/src/raw/migrations-sql.test.ts
 * A change to a single-node file is a change to an applied migration: add a migration instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import type { Warehouse } from '../warehouse.js'
import { bookkeepingStatements, migrate } from './migrate.js'
import { MIGRATIONS } from './migrations.js'

const GOLDEN = join(import.meta.dirname, '__golden__')
const DB = '`leadhouse`'
const CLUSTER = 'leadhouse_cluster'

function matchesGolden(name: string, statements: string[]) {
  const file = join(GOLDEN, `${name}.sql`)
  const text = `${statements.join(';\n\n')};\n`
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text, `golden file ${file}`).toBe(readFileSync(file, 'utf8'))
}

const rendered = [
  { name: '00-schema-migrations', statements: (c?: string) => bookkeepingStatements(DB, c) },
  ...MIGRATIONS.map((m) => ({
    name: `${String(m.version).padStart(2, '0')}-${m.name.replace(/[^a-z0-9]+/gi, '-')}`,
    statements: (c?: string) => m.statements(DB, c),
  })),
]

describe('migrations as SQL', () => {
  const opened = openTemporaryWarehouse()
  afterAll(async () => (await opened).close())

  for (const { name, statements } of rendered) {
    it(`renders ${name} on a single node and on a cluster`, async () => {
      matchesGolden(`${name}__single_node`, statements())
      matchesGolden(`${name}__cluster`, statements(CLUSTER))
      // Every statement is one the engine parses (ON CLUSTER, Replicated*, Distributed alike).
      const warehouse = await opened
      for (const statement of [...statements(), ...statements(CLUSTER)]) {
        const [parsed] = await rows<{ ok: number }>(
          warehouse,
          'SELECT length(formatQuery({q:String})) > 0 AS ok',
          { q: statement },
        )
        expect(parsed, statement).toEqual({ ok: 1 })
      }
    })
  }

  it('on a cluster: every DDL carries ON CLUSTER, every MergeTree is Replicated, every table has its Distributed one', () => {
    const all = rendered.flatMap(({ statements }) => statements(CLUSTER))
    const ddl = all.filter((s) => /^(CREATE|ALTER|DROP|RENAME|EXCHANGE)/.test(s))
    for (const statement of ddl) expect(statement).toContain(` ON CLUSTER '${CLUSTER}'`)
    const engines = all.flatMap((s) => [...s.matchAll(/ENGINE = (\w+)/g)].map((m) => m[1]))
    expect(engines.filter((e) => e?.includes('MergeTree') && !e.startsWith('Replicated'))).toEqual(
      [],
    )
    const locals = all.flatMap((s) =>
      [...s.matchAll(/CREATE TABLE IF NOT EXISTS `leadhouse`\.(\w+)_local /g)].map((m) => m[1]),
    )
    const distributed = all.flatMap((s) =>
      [
        ...s.matchAll(
          /CREATE TABLE IF NOT EXISTS `leadhouse`\.(\w+) ON CLUSTER '\w+' AS `leadhouse`\.(\w+)_local\nENGINE = Distributed/g,
        ),
      ].map((m) => m[1]),
    )
    expect(locals.sort()).toEqual(distributed.sort())
    expect(locals.sort()).toEqual([
      'campaign_costs',
      'crm_events',
      'events',
      'installation',
      'rejected_events',
      'schema_migrations',
    ])
  })

  it('migrate sends the cluster rendering when the warehouse names a cluster', async () => {
    const sent: string[] = []
    const client = {
      command: async ({ query }: { query: string }) => {
        sent.push(query)
      },
      query: async () => ({ json: async () => [] }),
      insert: async ({ table }: { table: string }) => {
        sent.push(`-- insert into ${table}`)
      },
    } as unknown as ClickHouseClient
    const warehouse = { client, database: 'leadhouse', cluster: CLUSTER } as unknown as Warehouse
    expect(await migrate(warehouse)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(sent.slice(0, 3)).toEqual(bookkeepingStatements(DB, CLUSTER))
    expect(sent).toContain(`-- insert into ${DB}.schema_migrations`)
    expect(
      sent.filter((s) => s.startsWith('CREATE TABLE')).every((s) => s.includes('ON CLUSTER')),
    ).toBe(true)
  })
})
