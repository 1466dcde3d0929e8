/**
 * Golden files pin the DDL and DML each materialization generates, on the jaffle_shop test
 * project. After a deliberate change: UPDATE_GOLDEN=1 pnpm vitest run models/src/materializations.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type CompiledNode, compileProject, type ModelNode } from './compile/index.js'
import { type ExistingRelation, materializationStatements, type Step } from './materializations.js'
import { loadProject } from './project.js'

const PROJECT = join(import.meta.dirname, '..', 'test-projects', 'jaffle_shop')
const GOLDEN = join(import.meta.dirname, '__golden__')

const compiled = compileProject(loadProject(PROJECT), {
  target: { name: 'test', schema: 'jaffle' },
  env: {},
  vars: {},
})
const model = (name: string) => compiled.nodes.find((n) => n.name === name) as ModelNode

/** The steps as SQL; a look at the new rows shows as the comment it stands for. */
function matchesGolden(name: string, steps: Step[]) {
  const file = join(GOLDEN, `${name}.sql`)
  const text = `${steps
    .flatMap((step) =>
      typeof step === 'string'
        ? [step]
        : [
            `-- if ${step.newRows.schema}.${step.newRows.table} has rows${step.compareColumns ? ' (and the same columns as the table: on_schema_change)' : ''}`,
            ...step.apply,
          ],
    )
    .join(';\n\n')};\n`
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text, `golden file ${file}`).toBe(readFileSync(file, 'utf8'))
}

describe('materializationStatements', () => {
  const cases: [string, CompiledNode, ExistingRelation, boolean?][] = [
    ['view__first_build', model('stg_orders'), undefined],
    ['view__replacing_a_table', model('stg_orders'), 'table'],
    ['table__first_build', model('customers'), undefined],
    ['table__rebuild', model('customers'), 'table'],
    ['table__replacing_a_view', model('customers'), 'view'],
    ['table__with_ephemeral_cte', model('orders'), 'table'],
    ['incremental__first_build', model('order_events'), undefined],
    ['incremental__delete_insert', model('order_events'), 'table'],
    ['incremental__full_refresh', model('order_events'), 'table', true],
  ]
  for (const [name, node, existing, fullRefresh] of cases) {
    it(`generates ${name.replace('__', ': ').replace(/_/g, ' ')}`, () => {
      matchesGolden(
        name,
        materializationStatements(node as ModelNode, existing, {
          fullRefresh: fullRefresh === true,
        }),
      )
    })
  }

  it('inserts incremental rows by column name when the table is known', () => {
    matchesGolden(
      'incremental__delete_insert_by_name',
      materializationStatements(model('order_events'), 'table', {
        targetColumns: ['order_id', 'status', 'order_date'],
      }),
    )
  })

  it('puts query_settings on the inserts and the delete of an incremental build', () => {
    const node = model('order_events')
    const tuned = {
      ...node,
      config: { ...node.config, query_settings: { lightweight_delete_mode: 'lightweight_update' } },
    }
    matchesGolden('incremental__query_settings', materializationStatements(tuned, 'table'))
  })

  it("compares the new rows' columns with the table's before deleting, under on_schema_change", () => {
    const node = model('order_events')
    const checked = { ...node, config: { ...node.config, on_schema_change: 'sync_all_columns' } }
    matchesGolden(
      'incremental__on_schema_change',
      materializationStatements(checked, 'table', {
        targetColumns: ['order_id', 'status', 'order_date'],
      }),
    )
  })

  it('generates incremental: append', () => {
    const node = model('order_events')
    const append = { ...node, config: { ...node.config, unique_key: undefined } }
    matchesGolden('incremental__append', materializationStatements(append, 'table'))
  })

  it('generates table: settings, primary key and partition', () => {
    const node = model('customers')
    const tuned = {
      ...node,
      config: {
        ...node.config,
        engine: 'ReplacingMergeTree(most_recent_order)',
        order_by: ['customer_id', 'first_order'],
        primary_key: 'customer_id',
        partition_by: 'toYYYYMM(first_order)',
        settings: { index_granularity: 8192, storage_policy: 'default' },
      },
    }
    matchesGolden('table__engine_settings', materializationStatements(tuned, undefined))
  })

  it('never builds an ephemeral model', () => {
    const ephemeral = {
      ...model('customers'),
      config: { ...model('customers').config, materialized: 'ephemeral' as const },
    }
    expect(materializationStatements(ephemeral, undefined)).toEqual([])
  })
})
