import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Warehouse } from '@leadhouse/warehouse'
import { openTemporaryWarehouse } from '@leadhouse/warehouse/testing'
import { invoke } from '../models/src/commands.js'
import { compileProject } from '../models/src/compile/index.js'
import { loadProject } from '../models/src/project.js'
import { selectNodes } from '../models/src/select.js'

/** The models issue's targets. */
const PLAN_TARGET_MS = 1000
const OVERHEAD_TARGET_MS = 20
const PLAN_RUNS = 7

const STAGING = 20
const INTERMEDIATE = 100
const MARTS = 80
const MODELS = STAGING + INTERMEDIATE + MARTS
const CHANNELS = ['web', 'email', 'paid_search', 'social', 'referral']
/** What the plan benchmark selects, as `--select` would: a few folders, tags and graph operators. */
const SELECT = ['+mart_079', 'tag:finance,tag:marts', '@int_050', 'stg_orders_000+1']

/** Deterministic choices: the same project every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pad = (n: number) => String(n).padStart(3, '0')

/**
 * A dbt project as a real one is written: CSV seeds and a source over them, 20 staging views,
 * 100 intermediate views three levels deep, 60 mart tables (20 of them over other marts) and 20
 * incremental marts; properties YAML with descriptions, doc blocks and generic tests (a custom one
 * among them); macros; vars, loops and ifs in the models. The SQL is trivial on purpose.
 */
export function writeBenchProject(): string {
  const next = random(42)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const pickSome = <T>(items: readonly T[], most: number): T[] => [
    ...new Set(Array.from({ length: 1 + Math.floor(next() * most) }, () => pick(items))),
  ]
  const files: Record<string, string> = {}

  files['dbt_project.yml'] = `name: bench_shop
version: "1.0.0"
config-version: 2
profile: bench_shop

vars:
  channels: [${CHANNELS.map((c) => `"${c}"`).join(', ')}]
  start_date: "2024-01-01"
  net_amounts: true
  refund_rate: 0.02

models:
  bench_shop:
    staging:
      +materialized: view
      +tags: ["staging"]
    intermediate:
      +materialized: view
    marts:
      +materialized: table
      +tags: ["marts"]

seeds:
  bench_shop:
    raw_orders:
      +column_types:
        amount_cents: Int64
`

  // Seeds: a few hundred rows each.
  const day = (i: number) =>
    `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
  files['seeds/raw_customers.csv'] = [
    'id,first_name,region',
    ...Array.from(
      { length: 200 },
      (_, i) => `${i + 1},Customer ${i + 1},${pick(['eu', 'us', 'apac'])}`,
    ),
  ].join('\n')
  files['seeds/raw_orders.csv'] = [
    'id,customer_id,channel,amount_cents,ordered_at',
    ...Array.from(
      { length: 500 },
      (_, i) =>
        `${i + 1},${1 + Math.floor(next() * 200)},${pick(CHANNELS)},${Math.floor(next() * 50_000)},${day(i)}`,
    ),
  ].join('\n')
  files['seeds/raw_payments.csv'] = [
    'id,order_id,channel,amount_cents,paid_at',
    ...Array.from(
      { length: 500 },
      (_, i) =>
        `${i + 1},${1 + Math.floor(next() * 500)},${pick(CHANNELS)},${Math.floor(next() * 50_000)},${day(i + 3)}`,
    ),
  ].join('\n')
  files['seeds/raw_channels.csv'] = [
    'channel,label,is_paid',
    ...CHANNELS.map(
      (c) => `${c},${c.replace('_', ' ')},${c.startsWith('paid') ? 'true' : 'false'}`,
    ),
  ].join('\n')
  files['seeds/_seeds.yml'] = `version: 2

seeds:
  - name: raw_customers
    description: Customers as the shop exports them.
    columns:
      - name: id
        data_tests: [unique, not_null]
  - name: raw_channels
    description: Marketing channels and whether they are paid.
    columns:
      - name: channel
        data_tests: [unique]
`

  files['macros/utils.sql'] = `{# Amounts arrive in cents. #}
{% macro cents_to_dollars(column_name, scale=2) -%}
    round({{ column_name }} / 100, {{ scale }})
{%- endmacro %}

{% macro net_amount(column_name) -%}
    {{ column_name }} * (1 - {{ var('refund_rate', 0) }})
{%- endmacro %}

{% macro channel_filter(column_name) -%}
    {{ column_name }} in ({% for channel in var('channels') %}'{{ channel }}'{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}

{% test is_positive(model, column_name, allow_zero=false) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} {{ '<' if allow_zero else '<=' }} 0
{% endtest %}
`

  files['models/docs.md'] = `{% docs orders_grain %}
One row per order; amounts in dollars, net of the expected refunds when \`net_amounts\` is on.
{% enddocs %}

{% docs customer_grain %}
One row per customer, with their spend by channel and how many orders they placed.
{% enddocs %}
`

  files['models/staging/_sources.yml'] = `version: 2

sources:
  - name: shop
    description: The shop's raw exports, loaded as seeds.
    schema: "{{ target.schema }}"
    tables:
      - name: orders
        identifier: raw_orders
        description: Orders, one row each.
        columns:
          - name: id
            data_tests: [unique, not_null]
      - name: payments
        identifier: raw_payments
        description: Payments against orders.
        columns:
          - name: id
            data_tests: [not_null]
`

  // Staging: one view per slice of orders or payments, all with the same columns.
  const staging: string[] = []
  const stagingYaml: string[] = []
  for (let i = 0; i < STAGING; i++) {
    const orders = i % 2 === 0
    const name = `stg_${orders ? 'orders' : 'payments'}_${pad(i)}`
    staging.push(name)
    const from = orders ? "{{ source('shop', 'orders') }}" : "{{ ref('raw_payments') }}"
    files[`models/staging/${name}.sql`] = `select
    id,
    ${orders ? 'customer_id' : '(order_id % 200) + 1 as customer_id'},
    channel,
    {{ cents_to_dollars('amount_cents') }} as amount,
    ${orders ? 'ordered_at' : 'paid_at'} as day
from ${from}
where id % ${STAGING} != ${i}
`
    stagingYaml.push(`  - name: ${name}
    description: ${orders ? 'Orders' : 'Payments'}, slice ${i}, amounts in dollars.
    columns:
      - name: id
        description: The ${orders ? 'order' : 'payment'}'s id.
        data_tests: [unique, not_null]
      - name: channel
        data_tests:
          - accepted_values:
              values: [${CHANNELS.map((c) => `"${c}"`).join(', ')}]
      - name: amount
        data_tests:
          - is_positive:
              allow_zero: true
`)
  }
  files['models/staging/_staging.yml'] = `version: 2\n\nmodels:\n${stagingYaml.join('\n')}`

  // Intermediate: unions of one or two parents, three levels deep.
  const intermediate: string[] = []
  const intermediateYaml: string[] = []
  for (let i = 0; i < INTERMEDIATE; i++) {
    const name = `int_${pad(i)}`
    const parents =
      i < 40
        ? pickSome(staging, 2)
        : i < 75
          ? [...pickSome(intermediate.slice(0, 40), 2), ...(i % 5 === 0 ? [pick(staging)] : [])]
          : pickSome(intermediate.slice(40, 75), 2)
    intermediate.push(name)
    files[`models/intermediate/${name}.sql`] =
      `{% set parents = [${parents.map((p) => `'${p}'`).join(', ')}] %}
with unioned as (
{% for parent in parents %}
    select id, customer_id, channel, amount, day from {{ ref(parent) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
)
select
    id,
    customer_id,
    channel,
    {% if var('net_amounts') %}{{ net_amount('amount') }}{% else %}amount{% endif %} as amount,
    day
from unioned
where {{ channel_filter('channel') }}
${i % 3 === 0 ? '  and day >= toDate(\'{{ var("start_date") }}\')\n' : ''}`
    if (i % 2 === 0)
      intermediateYaml.push(`  - name: ${name}
    description: '{{ doc("orders_grain") }}'
    columns:
      - name: id
        description: Order or payment id; repeated across the unioned parents.
        data_tests: [not_null]
      - name: amount
        description: Dollars.
`)
  }
  files['models/intermediate/_intermediate.yml'] =
    `version: 2\n\nmodels:\n${intermediateYaml.join('\n')}`

  // Marts: 40 tables by customer over intermediates, 20 joining two of those, 20 incremental.
  const aggregates: string[] = []
  const martsYaml: string[] = []
  for (let i = 0; i < MARTS; i++) {
    const name = `mart_${pad(i)}`
    let sql: string
    if (i < 40) {
      const parents = pickSome(intermediate, 2)
      aggregates.push(name)
      const tags = i % 2 === 0 ? ", tags=['finance']" : ''
      sql = `{{ config(order_by='customer_id'${tags}) }}
{% set channels = var('channels') %}
select
    customer_id,
    {% for channel in channels -%}
    sum(if(channel = '{{ channel }}', amount, 0)) as {{ channel }}_amount,
    {% endfor -%}
    count() as orders,
    max(day) as last_day
from (
    {% for parent in [${parents.map((p) => `'${p}'`).join(', ')}] -%}
    select customer_id, channel, amount, day from {{ ref(parent) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor -%}
)
group by customer_id
`
    } else if (i < 60) {
      const [a, b] = [pick(aggregates), pick(aggregates)]
      sql = `{{ config(order_by='customer_id') }}
select
    a.customer_id as customer_id,
    {% for channel in var('channels') -%}
    a.{{ channel }}_amount + b.{{ channel }}_amount as {{ channel }}_amount,
    {% endfor -%}
    a.orders + b.orders as orders,
    greatest(a.last_day, b.last_day) as last_day
from {{ ref('${a}') }} as a
inner join {{ ref('${b}') }} as b on a.customer_id = b.customer_id
`
    } else {
      sql = `{{
    config(
        materialized='incremental',
        unique_key='id',
        order_by='id',
        tags=['hourly']
    )
}}
select id, customer_id, channel, amount, day
from {{ ref('${pick(intermediate)}') }}
{% if is_incremental() %}
where day >= (select max(day) from {{ this }})
{% endif %}
`
    }
    files[`models/marts/${name}.sql`] = sql
    martsYaml.push(
      i < 60
        ? `  - name: ${name}
    description: '{{ doc("customer_grain") }}'
    columns:
      - name: customer_id
        description: The customer.
        data_tests:
          - unique
          - not_null${
            i % 4 === 0
              ? `
          - relationships:
              to: ref('raw_customers')
              field: id`
              : ''
          }
      - name: orders
        data_tests:
          - is_positive
`
        : `  - name: ${name}
    description: Orders since the last run, replaced by id.
    columns:
      - name: id
        data_tests:
          - not_null:
              config:
                severity: warn
`,
    )
  }
  files['models/marts/_marts.yml'] = `version: 2\n\nmodels:\n${martsYaml.join('\n')}`

  files['tests/assert_marts_have_orders.sql'] = `select customer_id
from {{ ref('mart_000') }}
where orders = 0
`

  const dir = mkdtempSync(join(tmpdir(), 'leadhouse-bench-models-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

/** Time spent inside the warehouse client, by kind of statement. */
interface WarehouseClock {
  /** From each call until its promise settles. */
  callMs: number
  /** Reading query results (`json()`, `text()`): decoding the rows the engine returned. */
  readMs: number
  calls: number
  byKind: Map<string, { calls: number; ms: number }>
}

function kindOf(sql: string): string {
  if (/^\s*SELECT\s+engine\s+FROM\s+system\.tables/i.test(sql)) return 'existing relation lookup'
  if (/^\s*SELECT\s+count\(\)/i.test(sql)) return 'row count'
  if (/^\s*CREATE\s+DATABASE/i.test(sql)) return 'create schema'
  if (/^\s*CREATE\s+OR\s+REPLACE\s+VIEW/i.test(sql)) return 'create view'
  if (/^\s*CREATE\s+TABLE\s+\S+\s+AS\s+\S+\s*$/i.test(sql)) return 'create side table'
  if (/^\s*CREATE\s+TABLE/i.test(sql)) return 'create table as select'
  if (/^\s*INSERT/i.test(sql)) return 'insert'
  if (/^\s*DELETE/i.test(sql)) return 'delete'
  if (/^\s*DROP/i.test(sql)) return 'drop'
  return (/^\s*(\w+(?:\s+\w+)?)/.exec(sql)?.[1] ?? 'other').toLowerCase()
}

/**
 * The warehouse with a clock on its client: `query`, `command`, `insert` and `exec` are timed
 * from the call until their promise settles, and so is reading a query's result. With one
 * thread the calls never overlap, so the sum is the time the runner waited on the warehouse.
 */
function clocked(warehouse: Warehouse): { warehouse: Warehouse; clock: WarehouseClock } {
  const clock: WarehouseClock = { callMs: 0, readMs: 0, calls: 0, byKind: new Map() }
  const time = async <T>(work: () => Promise<T>, add: (ms: number) => void): Promise<T> => {
    const started = performance.now()
    try {
      return await work()
    } finally {
      add(performance.now() - started)
    }
  }
  const timedMethods = new Set<PropertyKey>(['query', 'command', 'insert', 'exec'])
  const client = new Proxy(warehouse.client, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      if (!timedMethods.has(property)) return value.bind(target)
      return async (params: { query?: string }) => {
        const kind = kindOf(params.query ?? String(property))
        const result: unknown = await time(
          () => Reflect.apply(value, target, [params]) as Promise<unknown>,
          (ms) => {
            clock.callMs += ms
            clock.calls += 1
            const entry = clock.byKind.get(kind) ?? { calls: 0, ms: 0 }
            entry.calls += 1
            entry.ms += ms
            clock.byKind.set(kind, entry)
          },
        )
        if (property === 'query' && typeof result === 'object' && result !== null) {
          const resultSet = result as Record<string, unknown>
          for (const read of ['json', 'text']) {
            const original = resultSet[read]
            if (typeof original !== 'function') continue
            resultSet[read] = (...args: unknown[]) =>
              time(
                () => Reflect.apply(original, resultSet, args) as Promise<unknown>,
                (ms) => {
                  clock.readMs += ms
                  const entry = clock.byKind.get(kind)
                  if (entry) entry.ms += ms
                },
              )
          }
        }
        return result
      }
    },
  })
  return { warehouse: { ...warehouse, client }, clock }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const ms = (value: number) => Math.round(value * 10) / 10

export interface ModelsRunnerBench {
  models: number
  plan: { coldMs: number; medianMs: number; nodes: number; selected: number }
  runs: {
    scenario: string
    wallMs: number
    warehouseMs: number
    calls: number
    overheadPerModelMs: number
  }[]
}

/** Parse, render and plan 200 models; then build them and take the warehouse's time out. */
export async function benchModelsRunner(): Promise<ModelsRunnerBench> {
  const projectDir = writeBenchProject()
  try {
    // Parse, render and plan, as `invoke` does before it touches the warehouse.
    const planMs: number[] = []
    let nodes = 0
    let selected = 0
    for (let run = 0; run < PLAN_RUNS; run++) {
      const started = performance.now()
      const project = loadProject(projectDir)
      const compiled = compileProject(project, {
        target: { name: 'bench', schema: 'bench' },
        env: {},
      })
      selected = selectNodes(compiled.nodes, { select: SELECT }).length
      planMs.push(performance.now() - started)
      nodes = compiled.nodes.length
      if (project.models.length !== MODELS)
        throw new Error(`expected ${MODELS} models, found ${project.models.length}`)
    }
    const cold = planMs[0] as number
    const warm = median(planMs.slice(1))
    console.log(
      `\nModels runner: parse, render and plan ${MODELS} models (${nodes} nodes with seeds and tests; --select ${SELECT.join(' ')}: ${selected}), ${PLAN_RUNS} runs in one process`,
    )
    console.table({
      'cold (first run)': { ms: ms(cold) },
      'median of the warm runs': { ms: ms(warm) },
      'fastest run': { ms: ms(Math.min(...planMs)) },
    })
    console.log(
      `parse, render and plan ${MODELS} models: ${Math.round(warm)} ms median warm, ${Math.round(cold)} ms cold (target ${PLAN_TARGET_MS} ms)`,
    )

    // Runner overhead: `run` against the embedded engine, one thread, target/ written.
    const opened = await openTemporaryWarehouse('bench')
    const runs: ModelsRunnerBench['runs'] = []
    const kinds = new Map<string, { calls: number; ms: number }>()
    try {
      const seeded = await invoke({
        command: 'seed',
        projectDir,
        warehouse: opened,
        env: {},
        threads: 1,
        writeArtifacts: false,
      })
      if (!seeded.success) throw new Error('the bench project does not seed')
      const rows: Record<string, Record<string, number | string>> = {}
      for (const scenario of ['first build', 'rebuild (tables swapped, incrementals merged)']) {
        const { warehouse, clock } = clocked(opened)
        const started = performance.now()
        const result = await invoke({
          command: 'run',
          projectDir,
          warehouse,
          env: {},
          threads: 1,
          writeArtifacts: true,
        })
        const wallMs = performance.now() - started
        const failed = result.run?.results.find((r) => r.status !== 'success')
        if (!result.success || result.run?.results.length !== MODELS)
          throw new Error(`the bench project does not build: ${failed?.name}: ${failed?.message}`)
        const warehouseMs = clock.callMs + clock.readMs
        const runPhaseMs = (result.run?.seconds ?? 0) * 1000
        const overheadPerModelMs = (wallMs - warehouseMs) / MODELS
        runs.push({
          scenario,
          wallMs: ms(wallMs),
          warehouseMs: ms(warehouseMs),
          calls: clock.calls,
          overheadPerModelMs: ms(overheadPerModelMs),
        })
        rows[scenario] = {
          'total ms': Math.round(wallMs),
          'warehouse ms': Math.round(warehouseMs),
          'of which reading results': Math.round(clock.readMs),
          'warehouse calls': clock.calls,
          'compile ms': Math.round(result.compileSeconds * 1000),
          'overhead ms/model': ms(overheadPerModelMs),
          'target/ ms': Math.round(wallMs - result.compileSeconds * 1000 - runPhaseMs),
          'run phase only, ms/model': ms((runPhaseMs - warehouseMs) / MODELS),
        }
        if (scenario === 'first build')
          for (const [kind, entry] of clock.byKind) kinds.set(kind, entry)
      }
      console.log(
        `\nModels runner: \`run\` of ${MODELS} models (20 views, 100 views, 60 tables, 20 incremental) on the embedded engine, 1 thread, target/ written`,
      )
      console.table(rows)
      console.log('Warehouse time of the first build, by statement')
      console.table(
        Object.fromEntries(
          [...kinds]
            .sort(([, a], [, b]) => b.ms - a.ms)
            .map(([kind, entry]) => [
              kind,
              {
                calls: entry.calls,
                ms: Math.round(entry.ms),
                'ms/call': ms(entry.ms / entry.calls),
              },
            ]),
        ),
      )
      for (const run of runs)
        console.log(
          `runner overhead per model, ${run.scenario}: ${run.overheadPerModelMs} ms beyond the warehouse's ${Math.round(run.warehouseMs)} ms of ${Math.round(run.wallMs)} ms (target ${OVERHEAD_TARGET_MS} ms)`,
        )
    } finally {
      await opened.close()
    }
    return {
      models: MODELS,
      plan: { coldMs: ms(cold), medianMs: ms(warm), nodes, selected },
      runs,
    }
  } finally {
    rmSync(projectDir, { recursive: true, force: true })
  }
}
