/**
 * @leadhouse/models: compiles a dbt project (pure) and runs it on a Leadhouse warehouse.
 *
 * @example
 * const result = await buildModels({ warehouse })
 * if (!result.success) console.error(result.results.filter((r) => r.status !== 'success'))
 */
import { fileURLToPath } from 'node:url'
import type { Warehouse } from '@leadhouse/warehouse'
import { compileProject } from './compile.js'
import { loadProject } from './project.js'
import { type RunOptions, type RunResult, runProject } from './run.js'

export {
  type CompiledProject,
  CompileError,
  type CompileProblem,
  compileProject,
  type ModelNode,
} from './compile.js'
export { materializationStatements } from './materializations.js'
export { loadProject, type Project } from './project.js'
export { type NodeResult, type RunResult, runProject } from './run.js'

/** The dbt project shipped with Leadhouse. */
export const LEADHOUSE_PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url))

export interface BuildModelsOptions extends RunOptions {
  warehouse: Warehouse
  /** Default: Leadhouse's own project. */
  projectDir?: string
  vars?: Record<string, unknown>
}

/** Loads, compiles and runs a project against the warehouse's database. */
export async function buildModels(options: BuildModelsOptions): Promise<RunResult> {
  const project = loadProject(options.projectDir ?? LEADHOUSE_PROJECT_DIR)
  const compiled = compileProject(project, {
    target: { name: 'leadhouse', schema: options.warehouse.database },
    vars: options.vars ?? {},
  })
  return runProject(compiled, options.warehouse, options)
}
