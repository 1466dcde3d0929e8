/**
 * @leadhouse/models: runs dbt projects on ClickHouse from Node, embedded engine or server.
 *
 * @example
 * // What `leadhouse-models build` does, in-process on an open warehouse:
 * const { success, run } = await invoke({ command: 'build', projectDir, warehouse })
 * // Leadhouse's own project:
 * const result = await buildModels({ warehouse })
 */
import { fileURLToPath } from 'node:url'
import type { Warehouse } from '@leadhouse/warehouse'
import { invoke } from './commands.js'
import type { RunOptions, RunResult } from './run.js'

export {
  COMMANDS,
  type Command,
  type InvokeOptions,
  type InvokeResult,
  invoke,
  type Plan,
} from './commands.js'
export {
  type CompiledNode,
  type CompiledProject,
  compileProject,
  type ModelNode,
} from './compile/index.js'
export {
  CompileError,
  type CompileProblem,
  ContractError,
  ModelsError,
  type ModelsErrorOptions,
  ProjectError,
} from './errors.js'
export { materializationStatements } from './materializations.js'
export { loadProject, type Project } from './project.js'
export { type NodeResult, type RunResult, runProject } from './run.js'

/** The dbt project shipped with Leadhouse. */
export const LEADHOUSE_PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url))

export interface BuildModelsOptions extends Pick<RunOptions, 'onNodeStart' | 'onNodeDone'> {
  warehouse: Warehouse
  /** Default: Leadhouse's own project. */
  projectDir?: string
  vars?: Record<string, unknown>
  /** Rebuild incremental models from scratch. */
  fullRefresh?: boolean
  /** Nodes built at once, each after everything it depends on. Default 4, as profiles.yml's. */
  threads?: number
  /** Only these nodes, in dbt's selector syntax (`+alerts`: alerts and what it is built from). */
  select?: string[]
}

/**
 * As Leadhouse's profiles.yml sets it. Most of an incremental build's statements are small and
 * wait on the engine's per-statement costs rather than the CPU, and the big ones leave a core
 * idle part of the time. On two cores, 4 threads took a quarter to a third off the next build
 * after 1 % more events, at 1 M and at 10 M events (the runs: docs/performance.md).
 */
const DEFAULT_THREADS = 4

/**
 * `build` (seeds, models, tests) of a project in the warehouse's database. Writes no target/
 * directory: the collector's package folder need not be writable.
 */
export async function buildModels(options: BuildModelsOptions): Promise<RunResult> {
  const result = await invoke({
    command: 'build',
    projectDir: options.projectDir ?? LEADHOUSE_PROJECT_DIR,
    warehouse: options.warehouse,
    vars: options.vars ?? {},
    fullRefresh: options.fullRefresh === true,
    threads: options.threads ?? DEFAULT_THREADS,
    writeArtifacts: false,
    ...(options.select ? { select: options.select } : {}),
    ...(options.onNodeStart ? { onNodeStart: options.onNodeStart } : {}),
    ...(options.onNodeDone ? { onNodeDone: options.onNodeDone } : {}),
  })
  return result.run as RunResult
}
