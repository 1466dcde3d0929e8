/**
 * Tests as nodes: generic tests from properties YAML (on models, seeds and sources) and singular
 * tests from the test paths, each with dbt's name, its config and the query of its failing rows.
 */
import { createHash } from 'node:crypto'
import { renderJinja } from '../jinja.js'
import { type ColumnProperties, isRecord, type Project, type TestDefinition } from '../project.js'
import { folderConfig, type TestConfig, tagsOf, text } from './config.js'
import { type CompileSession, refName, relation, unique } from './context.js'
import { genericTestSql } from './generic-tests.js'
import { located, messageOf } from './problems.js'
import type { CompiledNode } from './types.js'

/** Generic tests from properties YAML and singular tests from the test paths. */
export function compileTests(session: CompileSession): CompiledNode[] {
  const { project, byName, context, macros, problems } = session
  const tests: CompiledNode[] = []
  const projectTestConfig = folderConfig(project.testConfig, project.name, [])
  const add = (
    name: string,
    path: string,
    sql: string,
    dependsOn: string[],
    config: Record<string, unknown>,
    attachedTo?: CompiledNode['attachedTo'],
    rawCode = '',
  ) => {
    const merged = { ...projectTestConfig, ...config }
    const severity = String(merged.severity ?? 'error').toLowerCase()
    if (severity !== 'error' && severity !== 'warn') {
      problems.push({ file: path, model: name, message: `severity must be error or warn` })
      return
    }
    if (merged.enabled === false) return
    const testConfig: TestConfig = {
      severity,
      where: text(merged.where),
      enabled: true,
      tags: tagsOf(merged.tags),
    }
    tests.push({
      uniqueId: `test.${project.name}.${name}`,
      resourceType: 'test',
      name,
      fqn: [project.name, ...path.split('/').slice(1, -1), name],
      path,
      tags: testConfig.tags,
      dependsOn: unique(dependsOn),
      schema: '',
      alias: name,
      relationName: '',
      rawCode,
      sql,
      config: testConfig,
      description: '',
      columns: [],
      ...(attachedTo ? { attachedTo } : {}),
    })
  }

  const testedResources: [
    CompiledNode | undefined,
    string,
    ColumnProperties[],
    TestDefinition[],
    string,
  ][] = []
  for (const [name, properties] of project.properties) {
    const node = byName.get(name)
    if (!node && (properties.columns.some((c) => c.tests.length) || properties.tests.length)) {
      // Tests of a disabled model are disabled with it; of an unknown one, an error.
      if (
        !project.models.some((m) => m.name === name) &&
        !project.seeds.some((s) => s.name === name)
      )
        problems.push({
          file: properties.file,
          message: `describes ${name}, which is no model or seed in this project`,
        })
      continue
    }
    testedResources.push([node, name, properties.columns, properties.tests, properties.file])
  }
  for (const source of project.sources) {
    const node = sourceNode(project, source, context)
    testedResources.push([
      node,
      `${source.source}_${source.table}`,
      source.columns,
      source.tests,
      source.file,
    ])
  }

  for (const [node, resourceName, columns, resourceTests, file] of testedResources) {
    if (!node) continue
    const definitions = [
      ...resourceTests.map((test) => ({ test, column: undefined as string | undefined })),
      ...columns.flatMap((column) => column.tests.map((test) => ({ test, column: column.name }))),
    ]
    for (const { test, column } of definitions) {
      const { config: testConfigArg, ...rawArgs } = test.args
      const config = {
        ...(isRecord(testConfigArg) ? testConfigArg : {}),
        ...(rawArgs.severity !== undefined ? { severity: rawArgs.severity } : {}),
        ...(rawArgs.where !== undefined ? { where: rawArgs.where } : {}),
      }
      const { severity: _s, where: _w, ...args } = rawArgs
      const dependsOn = [node.uniqueId]
      const renderArg = (value: unknown): unknown => {
        if (typeof value !== 'string') return value
        // dbt reads `to: ref('customers')` as the expression it is, braces or not.
        const expression = /^\s*(ref|source)\(.*\)\s*$/s.test(value) ? `{{ ${value} }}` : value
        if (!expression.includes('{{')) return value
        return renderJinja(
          expression,
          {
            ...context,
            ref: (...refArgs: unknown[]) => {
              const target = byName.get(refName(refArgs, session.versions))
              if (!target)
                throw new Error(
                  `ref('${refName(refArgs, session.versions)}') names no model or seed`,
                )
              dependsOn.push(target.uniqueId)
              return target.relationName
            },
          },
          macros,
        )
      }
      const prefix = node.resourceType === 'source' ? 'source_' : ''
      const name = testName(`${prefix}${test.name}`, resourceName, column, args)
      try {
        const renderedArgs = Object.fromEntries(
          Object.entries(args).map(([key, value]) => [key, renderArg(value)]),
        )
        const where = text(config.where)
        const model = where
          ? `(select * from ${node.relationName} where ${where}) dbt_subquery`
          : node.relationName
        const sql = genericTestSql(test.name, model, column, renderedArgs, macros, context)
        add(name, file, sql, dependsOn, config, {
          uniqueId: node.uniqueId,
          ...(column ? { column } : {}),
        })
      } catch (error) {
        problems.push({ file, model: name, message: messageOf(error) })
      }
    }
  }

  for (const file of project.singularTests) {
    const refs: string[] = []
    const config: Record<string, unknown> = {}
    try {
      const sql = renderJinja(
        file.text,
        {
          ...context,
          ref: (...args: unknown[]) => {
            const target = byName.get(refName(args, session.versions))
            if (!target)
              throw new Error(`ref('${refName(args, session.versions)}') names no model or seed`)
            refs.push(target.uniqueId)
            return target.relationName
          },
          config: (kwargs: unknown) => {
            if (isRecord(kwargs)) Object.assign(config, kwargs)
            return ''
          },
        },
        macros,
      ).trim()
      add(file.name, file.path, sql, refs, config, undefined, file.text)
    } catch (error) {
      problems.push(located(file, error))
    }
  }
  return tests
}

/** A source table as a node tests can attach to (sources are not built, only read). */
function sourceNode(
  project: Project,
  source: Project['sources'][number],
  context: Record<string, unknown>,
): CompiledNode {
  const schema = renderJinja(source.schema, context).trim()
  return {
    uniqueId: `source.${project.name}.${source.source}.${source.table}`,
    resourceType: 'source',
    name: source.table,
    fqn: [project.name, source.source, source.table],
    path: source.file,
    tags: [],
    dependsOn: [],
    schema,
    alias: source.identifier,
    relationName: relation(schema, source.identifier),
    rawCode: '',
    sql: '',
    config: {},
    description: source.description,
    columns: source.columns,
  }
}

/** dbt's test names: `not_null_orders_id`, `accepted_values_orders_status__a__b`. */
function testName(
  test: string,
  resource: string,
  column: string | undefined,
  args: Record<string, unknown>,
): string {
  // As dbt: arguments by name, values as Python prints them, anything but [0-9a-zA-Z_] as `_`.
  const python = (value: unknown) =>
    typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value)
  const argParts = Object.entries(args)
    .filter(([key]) => key !== 'config')
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .map((value) => python(value).replace(/[^0-9a-zA-Z_]+/g, '_'))
  const identifier = `${test}_${resource}${column ? `_${column}` : ''}`
  const name = [identifier, ...argParts].join('__')
  if (name.length < 64) return name
  const hash = createHash('md5').update(name).digest('hex')
  // dbt truncates the test and the model, without the column, to 30 characters.
  return `${`${test}_${resource}`.slice(0, 30)}_${hash}`
}
