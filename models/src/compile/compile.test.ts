import { describe, expect, it } from 'vitest'
import { CompileError } from '../errors.js'
import { LEADHOUSE_PROJECT_DIR } from '../index.js'
import { loadProject } from '../project.js'
import { DBT_PROJECT_YML, writeProject } from '../test-project.js'
import { compileProject, type ModelConfig } from './index.js'

const target = { name: 'test', schema: 'analytics' }

function compile(files: Record<string, string>) {
  return compileProject(loadProject(writeProject(files)), { target, env: {} })
}

function compileErrors(files: Record<string, string>): string[] {
  try {
    compile(files)
  } catch (error) {
    if (error instanceof CompileError)
      return error.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`)
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
    expect(compiled.nodes[2]?.dependsOn).toEqual(['model.fixture.stg_b', 'model.fixture.stg_c'])
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
    const config = Object.fromEntries(compiled.nodes.map((n) => [n.name, n.config as ModelConfig]))
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
      "models/staging/missing_ref.sql: ref('nowhere') names no model or seed in this project",
    )
    expect(errors).toContain(
      "models/staging/bad_source.sql: source('raw', 'nope') is not declared in any YAML",
    )
    expect(errors).toContain(
      'models/staging/bad_jinja.sql:1: Jinja syntax error: in {% if %}: Unexpected token: CloseStatement',
    )
    expect(errors).toContain(
      "models/marts/bad_materialization.sql: materialized='snapshot' is not supported (use view, table, incremental, ephemeral)",
    )
  })

  it('names the line of a Jinja error, an unknown config key and a disabled ref', () => {
    const errors = compileErrors({
      'models/staging/unclosed.sql': 'select\n  1\n{% for x in [1] %}\n  {{ x }}',
      'models/staging/typo.sql': "{{ config(materialised='table') }}select 1",
      'models/staging/off.sql': '{{ config(enabled=false) }}select 1',
      'models/marts/uses_off.sql': "select * from {{ ref('off') }}",
    })
    expect(errors).toEqual([
      "models/staging/typo.sql: unknown config key 'materialised'",
      'models/staging/unclosed.sql:3: Jinja syntax error: {% for %} is never closed',
    ])
    const later = compileErrors({
      'models/staging/off.sql': '{{ config(enabled=false) }}select 1',
      'models/marts/uses_off.sql': "select * from {{ ref('off') }}",
    })
    expect(later).toEqual(["models/marts/uses_off.sql: ref('off') names a disabled model"])
  })

  it('names the file and line of a YAML error', () => {
    expect(() =>
      compile({ 'models/staging/schema.yml': 'models:\n  - name: a\n   description: x\n' }),
    ).toThrow(/^models\/staging\/schema\.yml:3:\d+: invalid YAML: /)
  })

  it('inlines ephemeral models as CTEs, inside a WITH the model already has', () => {
    const compiled = compile({
      'models/staging/base.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/staging/middle.sql':
        "{{ config(materialized='ephemeral') }}select id from {{ ref('base') }}",
      'models/marts/report.sql':
        "-- report\nwith extra as (select 2 as id)\nselect * from {{ ref('middle') }} union all select * from extra",
    })
    expect(compiled.nodes.map((n) => n.name)).toEqual(['report'])
    expect(compiled.nodes[0]?.sql).toBe(
      [
        '-- report',
        'with __dbt__cte__base as (',
        'select 1 as id',
        '),',
        '__dbt__cte__middle as (',
        'select id from __dbt__cte__base',
        '),',
        'extra as (select 2 as id)',
        'select * from __dbt__cte__middle union all select * from extra',
      ].join('\n'),
    )
  })

  it('puts +schema models in <target>_<schema>, or where generate_schema_name says', () => {
    const files = {
      'dbt_project.yml': DBT_PROJECT_YML.replace(
        '      +materialized: table',
        '      +materialized: table\n      +schema: marts',
      ),
      'models/marts/facts.sql': 'select 1 as id',
      'models/staging/stg.sql': "select * from {{ ref('facts') }}",
    }
    const plain = compile(files)
    expect(plain.nodes.map((n) => n.relationName)).toEqual([
      '`analytics_marts`.`facts`',
      '`analytics`.`stg`',
    ])
    const custom = compile({
      ...files,
      'macros/schemas.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`,
    })
    expect(custom.nodes.map((n) => n.relationName)).toEqual([
      '`marts`.`facts`',
      '`analytics`.`stg`',
    ])
    expect(custom.nodes[1]?.sql).toBe('select * from `marts`.`facts`')
  })

  it('renders doc() blocks in descriptions', () => {
    const compiled = compile({
      'models/staging/stg.sql': 'select 1 as id',
      'models/staging/docs.md': '{% docs stg_doc %}\nThe staging model.\n{% enddocs %}',
      'models/staging/schema.yml':
        'models:\n  - name: stg\n    description: \'{{ doc("stg_doc") }}\'\n    columns:\n      - name: id\n        description: The id.\n',
    })
    expect(compiled.nodes[0]?.description).toBe('The staging model.')
    expect(compiled.nodes[0]?.columns[0]?.description).toBe('The id.')
  })

  it('makes a model that inlines an ephemeral one wait for what the ephemeral one reads', () => {
    const compiled = compile({
      'models/marts/z_report.sql': "select * from {{ ref('b_inlined') }}",
      'models/staging/b_inlined.sql':
        "{{ config(materialized='ephemeral') }}select * from {{ ref('a_middle') }}",
      'models/staging/a_middle.sql':
        "{{ config(materialized='ephemeral') }}select * from {{ ref('stg_base') }}",
      'models/staging/stg_base.sql': 'select 1 as id',
    })
    expect(compiled.nodes.map((n) => [n.name, n.dependsOn])).toEqual([
      ['stg_base', []],
      ['z_report', ['model.fixture.stg_base']],
    ])
  })

  it('takes only the macro definitions of a macro file', () => {
    const compiled = compile({
      'macros/helpers.sql':
        '{% set unused %}text{% endset %}\n-- notes\n{% if true %}{% endif %}\n{% macro answer() %}42{% endmacro %}\ntrailing text',
      'models/staging/stg.sql': 'select {{ answer() }} as n',
    })
    expect(compiled.nodes[0]?.sql).toBe('select 42 as n')
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
    expect(names.indexOf('int_sessionized_events')).toBeLessThan(names.indexOf('activity_log'))
    expect(names.indexOf('lead_scores')).toBeLessThan(names.indexOf('leads'))
    expect(compiled.nodes.find((n) => n.name === 'stg_leadhouse__events')?.sql).toContain(
      'from `leadhouse`.`events`',
    )
  })
})
