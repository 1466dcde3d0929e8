import { describe, expect, it } from 'vitest'
import { CompileError, compileProject } from './compile.js'
import { LEADHOUSE_PROJECT_DIR } from './index.js'
import { loadProject } from './project.js'
import { writeProject } from './test-project.js'

const target = { name: 'test', schema: 'analytics' }

function compile(files: Record<string, string>) {
  return compileProject(loadProject(writeProject(files)), { target, env: {} })
}

function compileErrors(files: Record<string, string>): string[] {
  try {
    compile(files)
  } catch (error) {
    if (error instanceof CompileError) return error.problems.map((p) => `${p.file}: ${p.message}`)
    throw error
  }
  throw new Error('expected a compile error')
}

describe('compileProject', () => {
  it('orders models after the models they ref, whatever the file order', () => {
    const compiled = compile({
      'models/marts/a_report.sql':
        "select * from {{ ref('stg_b') }} join {{ ref('stg_c') }} using (id)",
      'models/staging/stg_b.sql': "select * from {{ ref('stg_c') }}",
      'models/staging/stg_c.sql': 'select 1 as id',
    })
    expect(compiled.nodes.map((n) => n.name)).toEqual(['stg_c', 'stg_b', 'a_report'])
    expect(compiled.nodes[2]?.dependsOn).toEqual(['stg_b', 'stg_c'])
    expect(compiled.nodes[2]?.sql).toBe(
      'select * from `analytics`.`stg_b` join `analytics`.`stg_c` using (id)',
    )
  })

  it('applies folder config from dbt_project.yml, overridden by config() in the model', () => {
    const compiled = compile({
      'models/staging/stg_x.sql': 'select 1 as id',
      'models/marts/facts.sql':
        "{{ config(order_by='(id)', engine='ReplacingMergeTree()') }}select 1 as id",
      'models/marts/as_view.sql': "{{ config(materialized='view') }}select 1 as id",
    })
    const config = Object.fromEntries(compiled.nodes.map((n) => [n.name, n.config]))
    expect(config.stg_x?.materialized).toBe('view')
    expect(config.facts).toMatchObject({
      materialized: 'table',
      order_by: '(id)',
      engine: 'ReplacingMergeTree()',
    })
    expect(config.as_view?.materialized).toBe('view')
  })

  it('renders sources, vars, env_var, loops and macros of Jinja', () => {
    const compiled = compile({
      'models/staging/_sources.yml': `version: 2
sources:
  - name: raw
    schema: "{{ target.schema }}_raw"
    tables:
      - name: hits
        identifier: hits_v2
`,
      'models/staging/stg_hits.sql': `{%- set cols = ['a', 'b'] -%}
select {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}, {{ var('limit', 10) }} as n, '{{ env_var('MISSING', 'fallback') }}' as e
from {{ source('raw', 'hits') }}`,
    })
    expect(compiled.nodes[0]?.sql).toBe(
      "select a, b, 10 as n, 'fallback' as e\nfrom `analytics_raw`.`hits_v2`",
    )
  })

  it('reports every broken model at once, naming file and problem', () => {
    const errors = compileErrors({
      'models/staging/ok.sql': 'select 1',
      'models/staging/missing_ref.sql': "select * from {{ ref('nowhere') }}",
      'models/staging/bad_jinja.sql': 'select {% if %}',
      'models/staging/bad_source.sql': "select * from {{ source('raw', 'nope') }}",
      'models/marts/bad_materialization.sql': "{{ config(materialized='snapshot') }}select 1",
    })
    expect(errors).toHaveLength(4)
    expect(errors).toContain(
      "models/staging/missing_ref.sql: ref('nowhere') names no model in this project",
    )
    expect(errors).toContain(
      "models/staging/bad_source.sql: source('raw', 'nope') is not declared in any YAML",
    )
    expect(errors.find((e) => e.startsWith('models/staging/bad_jinja.sql: '))).toBeDefined()
    expect(errors).toContain(
      "models/marts/bad_materialization.sql: materialized='snapshot' is not supported (use view, table)",
    )
  })

  it('names a dependency cycle with its path', () => {
    const errors = compileErrors({
      'models/staging/a.sql': "select * from {{ ref('b') }}",
      'models/staging/b.sql': "select * from {{ ref('c') }}",
      'models/staging/c.sql': "select * from {{ ref('a') }}",
    })
    expect(errors).toEqual(['models/staging/a.sql: dependency cycle: a -> b -> c -> a'])
  })

  it('compiles the project Leadhouse ships', () => {
    const compiled = compileProject(loadProject(LEADHOUSE_PROJECT_DIR), {
      target: { name: 'leadhouse', schema: 'leadhouse' },
      env: {},
    })
    const names = compiled.nodes.map((n) => n.name)
    expect(names.indexOf('stg_leadhouse__events')).toBeLessThan(names.indexOf('activity_log'))
    expect(compiled.nodes.find((n) => n.name === 'stg_leadhouse__events')?.sql).toContain(
      'from `leadhouse`.`events`',
    )
  })
})
