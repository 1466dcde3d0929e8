/**
 * The SQL of generic tests: dbt's four (`not_null`, `unique`, `accepted_values`,
 * `relationships`) and a project's own `{% test %}` macros, each a query of failing rows.
 */
import { quoteIdentifier } from '@leadhouse/warehouse'
import { renderJinja } from '../jinja.js'
import { definesMacro } from './context.js'

const GENERIC_TESTS = new Set(['not_null', 'unique', 'accepted_values', 'relationships'])

/** The query of failing rows of one of dbt's four generic tests, or of a project's own. */
export function genericTestSql(
  name: string,
  model: string,
  column: string | undefined,
  args: Record<string, unknown>,
  macros: string,
  context: Record<string, unknown>,
): string {
  const needColumn = () => {
    if (!column) throw new Error(`the ${name} test belongs under a column`)
    return quoteIdentifier(column)
  }
  switch (name) {
    case 'not_null':
      return `select ${needColumn()}\nfrom ${model}\nwhere ${needColumn()} is null`
    case 'unique':
      return [
        `select ${needColumn()} as unique_field, count(*) as n_records`,
        `from ${model}`,
        `where ${needColumn()} is not null`,
        `group by ${needColumn()}`,
        'having count(*) > 1',
      ].join('\n')
    case 'accepted_values': {
      const values = args.values
      if (!Array.isArray(values) || values.length === 0)
        throw new Error('accepted_values needs "values", a non-empty list')
      const quote = args.quote !== false
      const list = values
        .map((value) =>
          quote ? `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value),
        )
        .join(', ')
      return [
        'with all_values as (',
        `    select ${needColumn()} as value_field, count(*) as n_records`,
        `    from ${model}`,
        `    group by ${needColumn()}`,
        ')',
        'select * from all_values',
        `where value_field not in (${list})`,
      ].join('\n')
    }
    case 'relationships': {
      if (typeof args.to !== 'string' || typeof args.field !== 'string')
        throw new Error(`relationships needs "to" (e.g. ref('customers')) and "field"`)
      // ClickHouse's outer joins fill missing rows with defaults, not NULLs: NOT IN instead.
      return [
        'with child as (',
        `    select ${needColumn()} as from_field from ${model} where ${needColumn()} is not null`,
        ')',
        'select from_field from child',
        `where from_field not in (select ${quoteIdentifier(args.field)} from ${args.to})`,
      ].join('\n')
    }
  }
  const macroName = `test_${name}`
  if (!definesMacro(macros, macroName))
    throw new Error(
      `unknown test ${name}: not one of ${[...GENERIC_TESTS].join(', ')}, and no {% test ${name}(...) %} in the macros`,
    )
  const keywordArgs = [
    'model=__model',
    ...(column ? ['column_name=__column'] : []),
    ...Object.keys(args).map((key) => `${key}=__args.${key}`),
  ]
  return renderJinja(
    `{{ ${macroName}(${keywordArgs.join(', ')}) }}`,
    { ...context, __model: model, __column: column ?? null, __args: args },
    macros,
  ).trim()
}
