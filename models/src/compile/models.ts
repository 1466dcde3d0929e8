/**
 * Models, in dbt's two passes. The parse pass renders each model with refs recorded rather than
 * resolved, to learn its config and dependencies before any relation name is needed; the render
 * pass, once every relation is known, renders each model with its refs resolved, in dependency
 * order, so an ephemeral model's SQL is ready before the models that inline it.
 */
import { contractProblem } from '../contracts.js'
import { dependencyOrder, findCycle } from '../graph.js'
import { renderJinja } from '../jinja.js'
import { isRecord, type Project, type ProjectFile } from '../project.js'
import type { ModelVersion } from '../versions.js'
import {
  configProblem,
  defaultModelConfig,
  folderConfig,
  hookTexts,
  type ModelConfig,
  tagsOf,
} from './config.js'
import {
  type CompileSession,
  isDuplicate,
  refName,
  refRecorder,
  relation,
  unique,
} from './context.js'
import { builtUpstream, cteName, ephemeralChain, ephemeralCte, injectCtes } from './ephemeral.js'
import { located } from './problems.js'
import type { CompiledNode, ParsedModel } from './types.js'

/**
 * The parse pass: every model's config and refs, by name. Each model that parses is added to
 * `session.byName` as a placeholder, for the refs between models to be checked against; a ref
 * to no model or seed is a problem.
 */
export function parseModels(session: CompileSession): Map<string, ParsedModel> {
  const { project, context, macros, problems, byName } = session
  const parsed = new Map<string, ParsedModel>()
  const files = new Map<string, ProjectFile>()
  for (const model of project.models) {
    if (isDuplicate(session, model)) continue
    files.set(model.name, model)
    const refs: string[] = []
    const config: ModelConfig = {
      ...defaultModelConfig(),
      ...folderConfig(project.modelConfig, project.name, model.folders),
      ...project.properties.get(model.name)?.config,
    }
    try {
      renderJinja(
        model.text,
        {
          ...context,
          model: { name: model.name, path: model.path },
          ref: refRecorder(refs, session.versions),
          config: (kwargs: unknown) => {
            if (isRecord(kwargs)) Object.assign(config, kwargs)
            return ''
          },
          is_incremental: () => false,
        },
        macros,
      )
      const problem =
        configProblem(config) ??
        contractProblem(config, project.properties.get(model.name)?.columns ?? [])
      if (problem) throw new Error(problem)
      config.tags = tagsOf(config.tags)
      parsed.set(model.name, { file: model, config, refs })
      // A placeholder until the final render: refs between models are checked against it.
      byName.set(model.name, placeholder(project, model, config))
    } catch (error) {
      problems.push(located(model, error))
    }
  }
  for (const [name, { file, refs }] of parsed) {
    // A model that failed to parse exists: its own error says what is wrong.
    for (const ref of refs)
      if (!byName.has(ref) && !files.has(ref))
        problems.push({
          file: file.path,
          model: name,
          message: `ref('${ref}') names no model or seed in this project`,
        })
  }
  return parsed
}

/**
 * Leaves disabled models out of `session.byName`; refs to them are problems, as in dbt, and so
 * is a cycle of refs.
 */
export function checkModelGraph(session: CompileSession, parsed: Map<string, ParsedModel>): void {
  const { problems, byName } = session
  for (const [name, { file, config, refs }] of parsed) {
    if (!config.enabled) {
      byName.delete(name)
      continue
    }
    const disabled = refs.find((ref) => parsed.get(ref)?.config.enabled === false)
    if (disabled)
      problems.push({
        file: file.path,
        model: name,
        message: `ref('${disabled}') names a disabled model`,
      })
  }
  const cycle = findCycle(parsed)
  if (cycle)
    problems.push({
      file: parsed.get(cycle[0] as string)?.file.path ?? '',
      model: cycle[0],
      message: `dependency cycle: ${cycle.join(' -> ')}`,
    })
}

/**
 * The render pass: fills in each enabled model's relation, dependencies, SQL and hooks (and
 * their incremental variants), ephemeral models' CTEs inlined.
 */
export function renderModels(session: CompileSession, parsed: Map<string, ParsedModel>): void {
  const { context, macros, problems, byName } = session
  const ephemeral = new Map<string, string>()
  for (const name of dependencyOrder(
    [...parsed.keys()].filter((n) => byName.has(n)),
    parsed,
  )) {
    const { file: model, config, refs } = parsed.get(name) as ParsedModel
    const node = byName.get(name) as CompiledNode
    const schema = session.schemaFor(config.schema, model)
    const version = session.project.properties.get(name)?.version
    // dbt names a version's relation `<model>_v<v>`, whatever file defines it.
    const alias = config.alias ?? (version ? `${version.model}_v${version.v}` : model.name)
    Object.assign(node, {
      schema,
      alias,
      relationName: config.materialized === 'ephemeral' ? '' : relation(schema, alias),
      dependsOn: unique(builtUpstream(refs, parsed, byName)),
    })
    const renderWith = (incremental: boolean) => {
      const ctes: string[] = []
      const render = (text: string) =>
        renderJinja(
          text,
          {
            ...context,
            model: { name: model.name, path: model.path },
            ref: (...args: unknown[]) => {
              const target = byName.get(refName(args, session.versions)) as CompiledNode
              if (target.resourceType === 'model' && ephemeral.has(target.name)) {
                for (const cte of ephemeralChain(target.name, parsed, ephemeral))
                  if (!ctes.includes(cte)) ctes.push(cte)
                return cteName(target.name)
              }
              return target.relationName
            },
            config: () => '',
            this: relation(schema, alias),
            is_incremental: () => incremental,
          },
          macros,
        ).trim()
      const sql = render(model.text)
      const hooks = (when: 'pre' | 'post') =>
        hookTexts(config, when)
          .map(render)
          .filter((hook) => hook !== '')
      const pointer = latestVersionPointer(config, version, schema, alias)
      return {
        sql,
        ctes,
        hooks: { pre: hooks('pre'), post: [...hooks('post'), ...(pointer ? [pointer] : [])] },
      }
    }
    try {
      const { sql, ctes, hooks } = renderWith(false)
      node.sql = injectCtes(sql, ctes)
      node.hooks = hooks
      if (config.materialized === 'incremental') {
        const incremental = renderWith(true)
        node.incrementalSql = injectCtes(incremental.sql, incremental.ctes)
        node.incrementalHooks = incremental.hooks
      }
      // Its own ephemeral upstreams are listed by the chain of whoever inlines it.
      if (config.materialized === 'ephemeral') ephemeral.set(name, ephemeralCte(name, sql))
    } catch (error) {
      problems.push(located(model, error))
    }
  }
}

/**
 * dbt's `latest_version_pointer` (`{enabled: true, alias: ...}`): after the latest version of a
 * versioned model builds, a view named as the model (or `alias`) selects everything from it, so
 * readers of the unversioned name follow the latest version. None for other models.
 */
function latestVersionPointer(
  config: ModelConfig,
  version: ModelVersion | undefined,
  schema: string,
  alias: string,
): string | undefined {
  const pointer = config.latest_version_pointer
  if (!version || version.v !== version.latest || !isRecord(pointer) || pointer.enabled !== true)
    return undefined
  const name = typeof pointer.alias === 'string' ? pointer.alias : version.model
  return `CREATE OR REPLACE VIEW ${relation(schema, name)} AS\nSELECT * FROM ${relation(schema, alias)}`
}

/** Two models that would build the same relation: a problem, or one would replace the other. */
export function checkRelations(session: CompileSession): void {
  const seen = new Map<string, CompiledNode>()
  for (const node of session.byName.values()) {
    if (node.resourceType !== 'model' || node.relationName === '') continue
    const first = seen.get(node.relationName)
    if (first)
      session.problems.push({
        file: node.path,
        model: node.name,
        message: `${first.name} and ${node.name} both build ${node.relationName}: give one another alias`,
      })
    else seen.set(node.relationName, node)
  }
}

/** A model's node before its render: everything but its relation, dependencies and SQL. */
function placeholder(project: Project, model: ProjectFile, config: ModelConfig): CompiledNode {
  const properties = project.properties.get(model.name)
  const version = properties?.version
  return {
    // dbt's id of a version: model.<project>.<model>.v<v>
    uniqueId: version
      ? `model.${project.name}.${version.model}.v${version.v}`
      : `model.${project.name}.${model.name}`,
    resourceType: 'model',
    name: model.name,
    fqn: version
      ? [project.name, ...model.folders, version.model, `v${version.v}`]
      : [project.name, ...model.folders, model.name],
    ...(version ? { version: version.v } : {}),
    path: model.path,
    tags: tagsOf(config.tags),
    dependsOn: [],
    schema: '',
    alias: model.name,
    relationName: '',
    rawCode: model.text,
    sql: '',
    config,
    description: properties?.description ?? '',
    columns: properties?.columns ?? [],
  }
}
