/**
 * Compiles a dbt project into the graph the runner plans with: every seed, model and test a node
 * with its config and rendered SQL, each after the nodes it depends on. Split by what is compiled,
 * as Dataform's core splits its actions: config keys (config.ts), seeds (seeds.ts), models
 * (models.ts) with ephemeral CTEs (ephemeral.ts), tests (tests.ts, generic-tests.ts); this entry
 * composes them and collects their problems (problems.ts). Ordering is ../graph.ts's.
 */

import { CompileError, type CompileProblem } from '../errors.js'
import { orderNodes } from '../graph.js'
import { macroSource, renderJinja } from '../jinja.js'
import type { Project } from '../project.js'
import { versionedModels } from '../versions.js'
import type { CompileSession } from './context.js'
import { renderContext, schemaResolver } from './context.js'
import { isEphemeral } from './ephemeral.js'
import { checkModelGraph, checkRelations, parseModels, renderModels } from './models.js'
import { messageOf } from './problems.js'
import { compileSeeds } from './seeds.js'
import { compileTests } from './tests.js'
import type { CompiledProject, CompileOptions } from './types.js'

export { CompileError, type CompileProblem } from '../errors.js'
export type { IncrementalStrategy, Materialization, ModelConfig, TestConfig } from './config.js'
export type {
  CompiledNode,
  CompiledProject,
  CompileOptions,
  CompileTarget,
  Hooks,
  ModelNode,
} from './types.js'

/**
 * Renders every seed, model and test of `project` and orders them by their dependencies.
 * Pure: reads nothing but its arguments, so the same project and options always give the same
 * graph. Every problem is collected and thrown together as a CompileError.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
  const problems: CompileProblem[] = []
  const context = renderContext(project, options)
  let macros = ''
  try {
    macros = macroSource(project.macros)
  } catch (error) {
    const file = project.macros.find((macro) => messageOf(error).startsWith(macro.path))
    problems.push({ file: file?.path ?? 'macros', message: messageOf(error) })
    throw new CompileError(problems)
  }
  const session: CompileSession = {
    project,
    context,
    macros,
    problems,
    byName: new Map(),
    schemaFor: schemaResolver(context, macros, options.target),
    versions: versionedModels(project.properties),
  }

  compileSeeds(session)
  const parsed = parseModels(session)
  if (problems.length > 0) throw new CompileError(problems)
  checkModelGraph(session, parsed)
  if (problems.length > 0) throw new CompileError(problems)
  renderModels(session, parsed)
  checkRelations(session)
  const tests = compileTests(session)
  if (problems.length > 0) throw new CompileError(problems)
  renderDescriptions(session)
  if (problems.length > 0) throw new CompileError(problems)

  const built = [...session.byName.values()].filter((node) => !isEphemeral(node))
  return { name: project.name, nodes: orderNodes([...built, ...tests]), macros }
}

/** Descriptions may use doc('name') and other Jinja, as in dbt. */
function renderDescriptions(session: CompileSession): void {
  const { project, context, problems } = session
  const described = (description: string, where: string) => {
    if (!description.includes('{')) return description
    try {
      return renderJinja(description, context).trim()
    } catch (error) {
      problems.push({ file: where, message: `description: ${messageOf(error)}` })
      return description
    }
  }
  for (const node of session.byName.values()) {
    const file = project.properties.get(node.name)?.file ?? node.path
    node.description = described(node.description, file)
    node.columns = node.columns.map((column) => ({
      ...column,
      description: described(column.description, file),
    }))
  }
}
