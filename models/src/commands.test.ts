/**
 * The runner as a dbt user meets it, on the real embedded engine: the jaffle_shop test project
 * (written as dbt's own example is) built green, then each command and option.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invoke } from './commands.js'

const SOURCE = join(import.meta.dirname, '..', 'test-projects', 'jaffle_shop')
const warehousePromise = openTemporaryWarehouse('jaffle_shop')
afterAll(async () => (await warehousePromise).close())

/** A fresh copy of the project, so target/ and edits stay in the test's own directory. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jaffle-'))
  cpSync(SOURCE, dir, { recursive: true })
  return dir
}

/** `run` of order_events and what it is built from, in `projectDir`. */
async function runOrderEvents(projectDir: string, fullRefresh = false) {
  const warehouse = await warehousePromise
  return invoke({ command: 'run', projectDir, warehouse, select: ['+order_events'], fullRefresh })
}

describe('build on jaffle_shop', () => {
  let projectDir: string
  let result: Awaited<ReturnType<typeof invoke>>
  const started: string[] = []

  beforeAll(async () => {
    projectDir = copyProject()
    result = await invoke({
      command: 'build',
      projectDir,
      warehouse: await warehousePromise,
      threads: 2,
      onNodeStart: (node) => started.push(node.name),
    })
  })

  it('loads seeds, builds every model and passes every test', () => {
    const statuses = Object.fromEntries(result.run?.results.map((r) => [r.name, r.status]) ?? [])
    expect(result.success).toBe(true)
    expect(statuses).toMatchObject({
      raw_customers: 'success',
      raw_orders: 'success',
      raw_payments: 'success',
      stg_customers: 'success',
      stg_orders: 'success',
      stg_payments: 'success',
      orders: 'success',
      customers: 'success',
      order_events: 'success',
      unique_customers_customer_id: 'pass',
      not_null_orders_amount: 'pass',
      relationships_orders_customer_id__customer_id__ref_customers_: 'pass',
      is_positive_stg_payments_amount__True: 'pass',
      assert_positive_total_for_orders: 'pass',
    })
    // The ephemeral model is inlined, never built.
    expect(statuses).not.toHaveProperty('order_payments')
    expect(Object.values(statuses).filter((status) => status === 'pass').length).toBe(19)
  })

  it('builds what dbt builds: loops, macros, seeds with column types', async () => {
    const warehouse = await warehousePromise
    expect(
      await rows(
        warehouse,
        'SELECT customer_id, number_of_orders, customer_lifetime_value FROM jaffle_shop.customers ORDER BY customer_id',
      ),
    ).toEqual([
      { customer_id: '1', number_of_orders: '3', customer_lifetime_value: 50 },
      { customer_id: '2', number_of_orders: '1', customer_lifetime_value: 6 },
      { customer_id: '3', number_of_orders: '2', customer_lifetime_value: 43 },
      { customer_id: '4', number_of_orders: '1', customer_lifetime_value: 25 },
      { customer_id: '5', number_of_orders: '2', customer_lifetime_value: 17 },
    ])
    expect(
      await rows(
        warehouse,
        'SELECT gift_card_amount, bank_transfer_amount, amount FROM jaffle_shop.orders WHERE order_id = 9',
      ),
    ).toEqual([{ gift_card_amount: 23, bank_transfer_amount: 0, amount: 23 }])
    expect(
      await rows(
        warehouse,
        "SELECT type FROM system.columns WHERE database = 'jaffle_shop' AND table = 'raw_payments' AND name = 'amount'",
      ),
    ).toEqual([{ type: 'Int64' }])
  })

  it('writes manifest.json, run_results.json and the compiled SQL', () => {
    const target = join(projectDir, 'target')
    const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'))
    const customers = manifest.nodes['model.jaffle_shop.customers']
    expect(customers).toMatchObject({
      resource_type: 'model',
      fqn: ['jaffle_shop', 'marts', 'customers'],
      relation_name: '`jaffle_shop`.`customers`',
      description:
        'One record per customer, with their first and latest orders and their lifetime value.',
      // In the order the model first refs them, as dbt lists them.
      depends_on: {
        nodes: [
          'model.jaffle_shop.stg_orders',
          'model.jaffle_shop.stg_payments',
          'model.jaffle_shop.stg_customers',
        ],
      },
    })
    expect(manifest.child_map['seed.jaffle_shop.raw_orders']).toEqual([
      'model.jaffle_shop.stg_orders',
    ])
    const runResults = JSON.parse(readFileSync(join(target, 'run_results.json'), 'utf8'))
    expect(runResults.metadata.dbt_schema_version).toBe(
      'https://schemas.getdbt.com/dbt/run-results/v6.json',
    )
    expect(runResults.args).toMatchObject({ which: 'build', threads: 2 })
    const test = runResults.results.find(
      (r: { unique_id: string }) => r.unique_id === 'test.jaffle_shop.unique_customers_customer_id',
    )
    expect(test).toMatchObject({ status: 'pass', failures: 0 })
    const orders = readFileSync(
      join(target, 'compiled/jaffle_shop/models/marts/orders.sql'),
      'utf8',
    )
    expect(orders).toMatch(/^with __dbt__cte__order_payments as \(/)
    expect(
      existsSync(
        join(target, 'compiled/jaffle_shop/models/staging/schema/unique_stg_orders_order_id.sql'),
      ),
    ).toBe(true)
  })
})

describe('incremental models', () => {
  it('replace changed rows by unique_key, and rebuild with --full-refresh', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    const build = (extra: Partial<Parameters<typeof invoke>[0]> = {}) =>
      invoke({ command: 'build', projectDir, warehouse, select: ['+order_events'], ...extra })
    expect((await build()).success).toBe(true)
    writeFileSync(
      join(projectDir, 'seeds/raw_orders.csv'),
      `${readFileSync(join(projectDir, 'seeds/raw_orders.csv'), 'utf8').replace('9,1,2018-01-14,shipped', '9,1,2018-01-14,completed')}10,2,2018-01-15,placed\n`,
    )
    const second = await build()
    expect(second.success).toBe(true)
    const events = () =>
      rows(
        warehouse,
        'SELECT order_id, status FROM jaffle_shop.order_events WHERE order_id >= 8 ORDER BY order_id',
      )
    expect(await events()).toEqual([
      { order_id: '8', status: 'placed' },
      { order_id: '9', status: 'completed' },
      { order_id: '10', status: 'placed' },
    ])
    expect(await rows(warehouse, 'SELECT count() AS n FROM jaffle_shop.order_events')).toEqual([
      { n: '10' },
    ])
    const refreshed = await build({ fullRefresh: true })
    expect(refreshed.success).toBe(true)
    expect(await events()).toHaveLength(3)
  })
})

describe('selection, failures and skips', () => {
  it('runs only the selected nodes: ls lists them as dbt does', async () => {
    const listed = await invoke({
      command: 'ls',
      projectDir: copyProject(),
      warehouse: await warehousePromise,
      select: ['tag:marts'],
      exclude: ['customers'],
    })
    expect(listed.listed).toEqual([
      'jaffle_shop.marts.order_events',
      'jaffle_shop.marts.orders',
      'jaffle_shop.marts.unique_orders_order_id',
      'jaffle_shop.marts.not_null_orders_order_id',
      'jaffle_shop.marts.not_null_orders_customer_id',
      'jaffle_shop.marts.accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758',
      'jaffle_shop.marts.not_null_orders_amount',
      'jaffle_shop.marts.unique_order_events_order_id',
      // Tests go with their models: the relationships test to the excluded customers goes too.
      'jaffle_shop.assert_positive_total_for_orders',
    ])
  })

  it('skips the dependents of a failing test and of a failed model, and builds the rest', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    writeFileSync(
      join(projectDir, 'seeds/raw_customers.csv'),
      'id,first_name,last_name\n1,Michael,P.\n1,Shawn,M.\n',
    )
    const result = await invoke({ command: 'build', projectDir, warehouse })
    const byName = Object.fromEntries(result.run?.results.map((r) => [r.name, r]) ?? [])
    expect(result.success).toBe(false)
    expect(byName.unique_stg_customers_customer_id).toMatchObject({ status: 'fail', rows: 1 })
    expect(byName.customers).toMatchObject({
      status: 'skipped',
      message: 'upstream unique_stg_customers_customer_id failed its test',
    })
    expect(byName.orders?.status).toBe('success')
  })
})

describe('compile and docs', () => {
  it('compile writes the rendered SQL and the manifest without touching the warehouse', async () => {
    const projectDir = copyProject()
    const result = await invoke({
      command: 'compile',
      projectDir,
      warehouse: await warehousePromise,
      select: ['customers'],
    })
    expect(result.run).toBeUndefined()
    expect(result.artifacts).toEqual([join(projectDir, 'target', 'manifest.json')])
    expect(
      readFileSync(
        join(projectDir, 'target/compiled/jaffle_shop/models/marts/customers.sql'),
        'utf8',
      ),
    ).toContain('from `jaffle_shop`.`stg_customers` as customers')
  })

  it('docs writes a catalog of relations, columns, types and descriptions', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    await invoke({ command: 'build', projectDir, warehouse, select: ['+customers'] })
    const result = await invoke({ command: 'docs', projectDir, warehouse })
    expect(result.artifacts).toContain(join(projectDir, 'target', 'catalog.json'))
    const catalog = JSON.parse(readFileSync(join(projectDir, 'target', 'catalog.json'), 'utf8'))
    const customers = catalog.nodes['model.jaffle_shop.customers']
    expect(customers.metadata).toMatchObject({
      type: 'TABLE',
      schema: 'jaffle_shop',
      name: 'customers',
    })
    expect(customers.description).toBe(
      'One record per customer, with their first and latest orders and their lifetime value.',
    )
    expect(customers.columns.customer_id).toEqual({
      name: 'customer_id',
      type: 'Int64',
      index: 1,
      comment: null,
      description: 'This is a unique identifier for a customer',
    })
    expect(catalog.nodes['model.jaffle_shop.stg_orders'].metadata.type).toBe('VIEW')
    expect(catalog.nodes['seed.jaffle_shop.raw_payments'].columns.amount.type).toBe('Int64')
  })
})

describe('on_schema_change of incremental models', () => {
  it('fails naming the changed columns, or rebuilds with sync_all_columns', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    const build = () => invoke({ command: 'run', projectDir, warehouse, select: ['+order_events'] })
    await invoke({ command: 'seed', projectDir, warehouse })
    expect((await build()).success).toBe(true)
    const model = join(projectDir, 'models/marts/order_events.sql')
    const original = readFileSync(model, 'utf8')
    const widened = (policy: string) =>
      original
        .replace("order_by='order_id'", `order_by='order_id', on_schema_change='${policy}'`)
        .replace(
          'select order_id, status, order_date',
          'select order_id, status, order_date, 1 as version',
        )
    writeFileSync(model, widened('fail'))
    const failed = await build()
    expect(failed.run?.results.find((r) => r.name === 'order_events')?.message).toBe(
      "on_schema_change='fail': the columns changed (now: version UInt8; before: none); rebuild with --full-refresh",
    )
    writeFileSync(model, widened('sync_all_columns'))
    expect((await build()).success).toBe(true)
    expect(
      await rows(warehouse, 'SELECT count() AS n, min(version) AS v FROM jaffle_shop.order_events'),
    ).toEqual([{ n: '9', v: 1 }])
  })

  it('rebuilds with sync_all_columns when the incremental SQL reads a column its table lacks', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    await invoke({ command: 'seed', projectDir, warehouse })
    const model = join(projectDir, 'models/marts/order_events.sql')
    const original = readFileSync(model, 'utf8')
    // Fresh: an earlier test left a wider order_events in this warehouse.
    expect((await runOrderEvents(projectDir, true)).success).toBe(true)
    // The next version stamps its rows and reads the stamp back from its table, a column the
    // table the previous version built does not have.
    const stamped = (policy: string) =>
      original
        .replace("order_by='order_id'", `order_by='order_id', on_schema_change='${policy}'`)
        .replace(
          'select order_id, status, order_date',
          'select order_id, status, order_date, toUInt8(2) as stamp',
        )
        .replace(
          'where order_date >= (select max(order_date) from {{ this }})',
          'union all select order_id, status, order_date, stamp from {{ this }} where stamp > 2',
        )
    writeFileSync(model, stamped('fail'))
    const failed = await runOrderEvents(projectDir)
    expect(failed.run?.results.find((r) => r.name === 'order_events')?.message).toMatch(
      /identifier `stamp`/,
    )
    writeFileSync(model, stamped('sync_all_columns'))
    expect((await runOrderEvents(projectDir)).success).toBe(true)
    expect(
      await rows(warehouse, 'SELECT count() AS n, min(stamp) AS s FROM jaffle_shop.order_events'),
    ).toEqual([{ n: '9', s: 2 }])
    // Then incremental again, reading the stamp it now has.
    expect((await runOrderEvents(projectDir)).success).toBe(true)
    expect(await rows(warehouse, 'SELECT count() AS n FROM jaffle_shop.order_events')).toEqual([
      { n: '9' },
    ])
  })
})

describe('incremental inserts', () => {
  it('put columns where their names say, when a model reorders its SELECT', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    await invoke({ command: 'seed', projectDir, warehouse })
    const run = (fullRefresh = false) => runOrderEvents(projectDir, fullRefresh)
    // Fresh: an earlier test left a wider order_events in this warehouse.
    expect((await run(true)).success).toBe(true)
    const model = join(projectDir, 'models/marts/order_events.sql')
    writeFileSync(
      model,
      readFileSync(model, 'utf8').replace(
        'select order_id, status, order_date',
        'select status, order_date, order_id',
      ),
    )
    expect((await run()).success).toBe(true)
    expect(
      await rows(
        warehouse,
        'SELECT order_id, status FROM jaffle_shop.order_events WHERE order_id = 9',
      ),
    ).toEqual([{ order_id: '9', status: 'shipped' }])
  })
})

describe('an incremental build with no new rows', () => {
  it('deletes nothing, as a DELETE is a mutation of the table even when it matches nothing', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    await invoke({ command: 'seed', projectDir, warehouse })
    const run = (fullRefresh = false) => runOrderEvents(projectDir, fullRefresh)
    expect((await run(true)).success).toBe(true)
    const mutations = async () =>
      Number(
        (
          await rows<{ n: string }>(
            warehouse,
            "SELECT count() AS n FROM system.mutations WHERE database = 'jaffle_shop' AND table = 'order_events'",
          )
        )[0]?.n,
      )
    // The model as shipped takes the last day again: its orders are replaced (one mutation).
    expect((await run()).success).toBe(true)
    const afterReplacing = await mutations()
    expect(afterReplacing).toBe(1)
    const model = join(projectDir, 'models/marts/order_events.sql')
    writeFileSync(model, readFileSync(model, 'utf8').replace('order_date >=', 'order_date >'))
    const result = await run()
    expect(result.run?.results.find((r) => r.name === 'order_events')).toMatchObject({
      status: 'success',
      rows: 9,
    })
    expect(await mutations()).toBe(afterReplacing)
    expect(
      await rows(
        warehouse,
        "SELECT name FROM system.tables WHERE database = 'jaffle_shop' AND name LIKE '%dbt_new%'",
      ),
    ).toEqual([])
  })
})

describe('hooks', () => {
  it('run pre_hook before and post_hook after the model, rendered with is_incremental()', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    await invoke({ command: 'seed', projectDir, warehouse })
    await warehouse.client.command({
      query:
        'CREATE TABLE IF NOT EXISTS jaffle_shop.hook_log (position UInt64, hook String, incremental UInt8, model_rows UInt64) ENGINE = Memory',
    })
    const model = join(projectDir, 'models/marts/order_events.sql')
    const logged = (hook: string) =>
      `insert into jaffle_shop.hook_log select (select count() from jaffle_shop.hook_log), '${hook}', {{ 1 if is_incremental() else 0 }}, (select count() from {{ this }})`
    writeFileSync(
      model,
      readFileSync(model, 'utf8').replace(
        "order_by='order_id'",
        `order_by='order_id', pre_hook="{% if is_incremental() %}${logged('pre')}{% endif %}", post_hook=["${logged('post')}"]`,
      ),
    )
    const run = (fullRefresh = false) => runOrderEvents(projectDir, fullRefresh)
    expect((await run(true)).success).toBe(true)
    expect((await run()).success).toBe(true)
    expect(
      await rows(
        warehouse,
        'SELECT hook, incremental, model_rows FROM jaffle_shop.hook_log ORDER BY position',
      ),
    ).toEqual([
      // The full build: no pre_hook (its text renders empty), the post_hook sees the new table.
      { hook: 'post', incremental: 0, model_rows: '9' },
      { hook: 'pre', incremental: 1, model_rows: '9' },
      { hook: 'post', incremental: 1, model_rows: '9' },
    ])
  })

  it('name the config key when a hook is neither SQL text nor a list of it', async () => {
    const warehouse = await warehousePromise
    const projectDir = copyProject()
    const model = join(projectDir, 'models/marts/order_events.sql')
    writeFileSync(
      model,
      readFileSync(model, 'utf8').replace(
        "order_by='order_id'",
        "order_by='order_id', pre_hook=[1]",
      ),
    )
    await expect(invoke({ command: 'compile', projectDir, warehouse })).rejects.toThrow(
      'models/marts/order_events.sql (order_events): pre_hook must be SQL text, or a list of SQL texts or of {sql: ...}',
    )
  })
})
