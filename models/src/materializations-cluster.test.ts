/**
 * Golden files pin the DDL and DML of every materialization and of seeds on a cluster (a
 * profile's `cluster:`), beside the single-node ones of materializations.test.ts; seeds' single
 * node files are here too. The engine's own parser checks every statement: no cluster runs here
 * (chDB is one node), so what a cluster would do with them is the golden files' and the docs'.
 * After a deliberate change:
 * UPDATE_GOLDEN=1 pnpm exec vitest run models/src/materializations-cluster.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { type CompiledNode, compileProject, type ModelNode } from './compile/index.js'
import { type ExistingRelation, materializationStatements, type Step } from './materializations.js'
import { loadProject } from './project.js'
import { parseSeed, type SeedConfig, type SeedFile } from './seed-csv.js'
import { seedStatements } from './seeds.js'

const PROJECT = join(import.meta.dirname, '..', 'test-projects', 'jaffle_shop')
const GOLDEN = join(import.meta.dirname, '__golden__')
const CLUSTER = 'leadhouse_cluster'

const compiled = compileProject(loadProject(PROJECT), {
  target: { name: 'test', schema: 'jaffle' },
  env: {},
  vars: {},
})
const model = (name: string) => compiled.nodes.find((n) => n.name === name) as ModelNode
const seedFile = (name: string): SeedFile => {
  const node = compiled.nodes.find((n) => n.name === name) as CompiledNode
  return {
    name: node.alias,
    path: node.path,
    csv: node.csv ?? '',
    schema: node.schema,
    config: node.config as unknown as SeedConfig,
  }
}

/** Every statement rendered here, for the parser check at the end; those for a cluster apart. */
const rendered: string[] = []
const renderedForCluster: string[] = []

function text(steps: Step[], cluster: boolean): string {
  const lines = steps.flatMap((step) =>
    typeof step === 'string'
      ? [step]
      : [
          `-- if ${step.newRows.schema}.${step.newRows.table} has rows${step.compareColumns ? ' (and the same columns as the table: on_schema_change)' : ''}`,
          ...step.apply,
        ],
  )
  const statements = lines.filter((line) => !line.startsWith('--'))
  rendered.push(...statements)
  if (cluster) renderedForCluster.push(...statements)
  return `${lines.join(';\n\n')};\n`
}

function matchesGolden(name: string, content: string) {
  const file = join(GOLDEN, `${name}.sql`)
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true })
    writeFileSync(file, content)
  }
  expect(content, `golden file ${file}`).toBe(readFileSync(file, 'utf8'))
}

describe('materializationStatements on a cluster', () => {
  const incremental = model('order_events')
  const cases: [
    string,
    ModelNode,
    ExistingRelation,
    { fullRefresh?: boolean; columns?: boolean }?,
  ][] = [
    ['view__first_build', model('stg_orders'), undefined],
    ['view__replacing_a_table', model('stg_orders'), 'table'],
    ['table__first_build', model('customers'), undefined],
    ['table__rebuild', model('customers'), 'table'],
    ['table__replacing_a_view', model('customers'), 'view'],
    ['table__with_ephemeral_cte', model('orders'), 'table'],
    [
      'table__engine_settings',
      {
        ...model('customers'),
        config: {
          ...model('customers').config,
          engine: 'ReplacingMergeTree(most_recent_order)',
          order_by: ['customer_id', 'first_order'],
          primary_key: 'customer_id',
          partition_by: 'toYYYYMM(first_order)',
          settings: { index_granularity: 8192 },
          sharding_key: 'cityHash64(customer_id)',
        },
      },
      undefined,
    ],
    ['incremental__first_build', incremental, undefined],
    ['incremental__delete_insert', incremental, 'table', { columns: true }],
    ['incremental__full_refresh', incremental, 'table', { fullRefresh: true }],
    [
      'incremental__append',
      { ...incremental, config: { ...incremental.config, unique_key: undefined } },
      'table',
      { columns: true },
    ],
    [
      'incremental__on_schema_change',
      {
        ...incremental,
        config: {
          ...incremental.config,
          on_schema_change: 'sync_all_columns',
          query_settings: { lightweight_deletes_sync: 2 },
        },
      },
      'table',
      { columns: true },
    ],
  ]
  for (const [name, node, existing, options] of cases) {
    it(`generates ${name.replace('__', ': ').replace(/_/g, ' ')} ON CLUSTER`, () => {
      matchesGolden(
        `cluster/${name}`,
        text(
          materializationStatements(node, existing, {
            cluster: CLUSTER,
            fullRefresh: options?.fullRefresh === true,
            ...(options?.columns ? { targetColumns: ['order_id', 'status', 'order_date'] } : {}),
          }),
          true,
        ),
      )
    })
  }

  it('never builds an ephemeral model, on a cluster either', () => {
    const ephemeral = {
      ...model('customers'),
      config: { ...model('customers').config, materialized: 'ephemeral' as const },
    }
    expect(materializationStatements(ephemeral, undefined, { cluster: CLUSTER })).toEqual([])
  })
})

describe('seedStatements on a single node and on a cluster', () => {
  const cases: [string, string, ExistingRelation][] = [
    ['seed__first_load', 'raw_customers', undefined],
    ['seed__reload', 'raw_customers', 'table'],
    ['seed__replacing_a_view', 'raw_customers', 'view'],
    ['seed__column_types', 'raw_payments', 'table'],
  ]
  for (const [name, seed, existing] of cases) {
    it(`generates ${name.replace('__', ': ').replace(/_/g, ' ')}`, () => {
      const loaded = seedFile(seed)
      // Typed by column_types: loaded through a text table and cast.
      const file =
        name === 'seed__column_types'
          ? { ...loaded, config: { ...loaded.config, column_types: { amount: 'Decimal(18, 2)' } } }
          : loaded
      const { columns } = parseSeed(file)
      for (const [folder, cluster] of [
        ['', undefined],
        ['cluster/', CLUSTER],
      ] as const) {
        const statements = seedStatements(file, columns, existing, cluster)
        const content = text(
          [
            ...statements.prepare,
            `-- the CSV rows are inserted into ${statements.insertInto}`,
            ...statements.cast,
            ...statements.swap,
          ],
          cluster !== undefined,
        )
        matchesGolden(`${folder}${name}`, content)
      }
    })
  }
})

describe('every statement on a cluster', () => {
  const opened = openTemporaryWarehouse('jaffle')
  afterAll(async () => (await opened).close())

  it('carries ON CLUSTER when it is DDL, names Replicated engines only, and parses', async () => {
    const ddl = renderedForCluster.filter((s) =>
      /^(CREATE|DROP|RENAME|EXCHANGE|ALTER|DELETE|SYSTEM)\b/.test(s),
    )
    expect(ddl.length).toBeGreaterThan(100)
    for (const statement of ddl) expect(statement).toContain(` ON CLUSTER '${CLUSTER}'`)
    // Rows go in through the Distributed tables, which spread them over the shards.
    for (const statement of renderedForCluster.filter((s) => s.startsWith('INSERT')))
      expect(statement).not.toMatch(/^INSERT INTO \S+_local\b/)
    for (const statement of ddl) {
      for (const [, engine] of statement.matchAll(/ENGINE = (\w+)/g)) {
        expect(
          engine === 'Distributed' || engine === 'Memory' || engine?.startsWith('Replicated'),
          statement,
        ).toBe(true)
      }
    }
    const warehouse = await opened
    for (const statement of rendered) {
      const [parsed] = await rows<{ ok: number }>(
        warehouse,
        'SELECT length(formatQuery({q:String})) > 0 AS ok',
        { q: statement },
      )
      expect(parsed, statement).toEqual({ ok: 1 })
    }
  })
})
