import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { compileProject } from './compile/index.js'
import { loadProject } from './project.js'
import { type RunOptions, runProject } from './run.js'
import { writeProject } from './test-project.js'

// One embedded engine per process: every test here shares it.
const opened = openTemporaryWarehouse('analytics')
afterAll(async () => (await opened).close())

describe('runProject', () => {
  async function run(files: Record<string, string>, options: RunOptions = {}) {
    const warehouse = await opened
    await warehouse.client.command({ query: 'CREATE DATABASE IF NOT EXISTS analytics' })
    const compiled = compileProject(loadProject(writeProject(files)), {
      target: { name: 'test', schema: 'analytics' },
      env: {},
    })
    return runProject(compiled, warehouse, options)
  }

  it('builds views and tables in dependency order, and rebuilds them in place', async () => {
    const files = {
      'models/staging/stg_numbers.sql': 'select number as n from numbers(5)',
      'models/marts/totals.sql':
        "{{ config(order_by='total') }}select sum(n) as total from {{ ref('stg_numbers') }}",
    }
    const first = await run(files)
    expect(first.success).toBe(true)
    expect(first.results.map((r) => [r.name, r.materialized, r.status])).toEqual([
      ['stg_numbers', 'view', 'success'],
      ['totals', 'table', 'success'],
    ])
    const second = await run({
      ...files,
      'models/staging/stg_numbers.sql': 'select number as n from numbers(10)',
    })
    expect(second.success).toBe(true)
    expect(await rows(await opened, 'SELECT total FROM analytics.totals')).toEqual([
      { total: '45' },
    ])
    const leftovers = await rows(
      await opened,
      "SELECT name FROM system.tables WHERE database = 'analytics' AND name LIKE '%dbt_new'",
    )
    expect(leftovers).toEqual([])
  })

  it('starts the ready node with the longest chain after it first, not the first in file order', async () => {
    const started: string[] = []
    const result = await run(
      {
        'models/marts/a_leaf.sql': 'select 1 as v',
        'models/marts/b_leaf.sql': 'select 2 as v',
        'models/marts/c_leaf.sql': 'select 3 as v',
        'models/marts/chain_1.sql': 'select 1 as v',
        'models/marts/chain_2.sql': "select v + 1 as v from {{ ref('chain_1') }}",
        'models/marts/chain_3.sql': "select v + 1 as v from {{ ref('chain_2') }}",
      },
      { threads: 2, onNodeStart: (node) => started.push(node.name) },
    )
    expect(result.success).toBe(true)
    expect(started[0]).toBe('chain_1')
    expect(started.indexOf('chain_2')).toBeLessThan(started.indexOf('chain_3'))
    expect(started).toHaveLength(6)
  })

  it('skips the dependents of a failed model, builds the rest, and keeps the previous table', async () => {
    await run({ 'models/marts/kept.sql': 'select 1 as v' })
    const result = await run({
      'models/marts/kept.sql': 'select no_such_column as v',
      'models/marts/downstream.sql': "select * from {{ ref('kept') }}",
      'models/marts/independent.sql': 'select 2 as v',
    })
    expect(result.success).toBe(false)
    const byName = Object.fromEntries(result.results.map((r) => [r.name, r]))
    expect(byName.kept?.status).toBe('error')
    expect(byName.kept?.message).toMatch(/no_such_column/)
    expect(byName.downstream).toMatchObject({ status: 'skipped', message: 'upstream kept failed' })
    expect(byName.independent?.status).toBe('success')
    expect(await rows(await opened, 'SELECT v FROM analytics.kept')).toEqual([{ v: 1 }])
  })
})

describe('tests on sources', () => {
  it('test the tables a project reads, with dbt names and severities', async () => {
    const warehouse = await opened
    await warehouse.client.command({ query: 'CREATE DATABASE IF NOT EXISTS raw' })
    await warehouse.client.command({
      query:
        "CREATE OR REPLACE TABLE raw.signups ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM values('email Nullable(String), plan String', ('a@x.test', 'pro'), (NULL, 'pro'), ('b@x.test', 'trial'))",
    })
    const compiled = compileProject(
      loadProject(
        writeProject({
          'models/staging/_sources.yml': `version: 2
sources:
  - name: raw
    tables:
      - name: signups
        columns:
          - name: email
            data_tests:
              - not_null
          - name: plan
            data_tests:
              - accepted_values:
                  values: ['pro', 'team']
                  severity: warn
`,
          'models/staging/stg_signups.sql': "select * from {{ source('raw', 'signups') }}",
        }),
      ),
      { target: { name: 'test', schema: 'analytics' }, env: {} },
    )
    const result = await runProject(compiled, warehouse)
    expect(result.results.map((r) => [r.name, r.status, r.rows])).toEqual([
      ['stg_signups', 'success', undefined],
      ['source_not_null_raw_signups_email', 'fail', 1],
      ['source_accepted_values_raw_signups_plan__pro__team', 'warn', 1],
    ])
    expect(result.success).toBe(false)
  })
})
