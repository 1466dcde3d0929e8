/**
 * dbt's commands as a library: what `leadhouse-models <command>` does, callable in-process (the
 * collector schedules builds in its own process, which holds the embedded engine).
 */
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { openWarehouse, type Warehouse } from '@leadhouse/warehouse'
import {
  type ArtifactContext,
  type CatalogColumn,
  catalog,
  manifest,
  runResults,
  writeArtifact,
  writeCompiled,
} from './artifacts.js'
import { type CompiledNode, type CompiledProject, compileProject } from './compile/index.js'
import { resolveProfile } from './profiles.js'
import { loadProject, type Project } from './project.js'
import { tableColumns } from './relations.js'
import { type RunOptions, type RunResult, runProject } from './run.js'
import { selectNodes } from './select.js'

export const COMMANDS = ['seed', 'run', 'test', 'build', 'compile', 'ls', 'docs'] as const
export type Command = (typeof COMMANDS)[number]

/** The resource types each command works on. */
const RESOURCES: Record<Command, ReadonlySet<string>> = {
  seed: new Set(['seed']),
  run: new Set(['model']),
  test: new Set(['test']),
  build: new Set(['seed', 'model', 'test']),
  compile: new Set(['model', 'test']),
  ls: new Set(['seed', 'model', 'test']),
  docs: new Set(['seed', 'model']),
}

export interface InvokeOptions extends Pick<RunOptions, 'onNodeStart' | 'onNodeDone'> {
  command: Command
  projectDir: string
  profilesDir?: string | undefined
  select?: string[] | undefined
  exclude?: string[] | undefined
  fullRefresh?: boolean | undefined
  vars?: Record<string, unknown> | undefined
  target?: string | undefined
  threads?: number | undefined
  /** An open warehouse to build in (its database is the target schema); else profiles.yml's. */
  warehouse?: Warehouse | undefined
  env?: NodeJS.ProcessEnv | undefined
  /** Write target/ (compiled SQL, manifest.json, run_results.json, catalog.json). Default true. */
  writeArtifacts?: boolean | undefined
  /** Told what was found before anything runs. */
  onPlan?: (plan: Plan) => void
}

export interface Plan {
  project: Project
  compiled: CompiledProject
  /** The nodes the command works on, in run order. */
  nodes: CompiledNode[]
  targetName: string
  threads: number
}

export interface InvokeResult {
  command: Command
  success: boolean
  plan: Plan
  /** seed, run, test, build. */
  run?: RunResult
  /** ls: the selected nodes' names as dbt prints them. */
  listed?: string[]
  /** Files written under target/. */
  artifacts: string[]
  /** Seconds spent loading, rendering and planning the project. */
  compileSeconds: number
}

/** Runs one command. Compile problems throw a CompileError listing all of them. */
export async function invoke(options: InvokeOptions): Promise<InvokeResult> {
  const compileStarted = performance.now()
  const project = loadProject(resolve(options.projectDir))
  const env = options.env ?? process.env
  const profile = options.warehouse
    ? undefined
    : resolveProfile({
        projectDir: project.dir,
        profileName: project.profile,
        ...(options.profilesDir ? { profilesDir: options.profilesDir } : {}),
        ...(options.target ? { target: options.target } : {}),
        env,
      })
  const targetName = profile?.targetName ?? options.target ?? 'leadhouse'
  const schema = profile?.schema ?? (options.warehouse as Warehouse).database
  const threads = options.threads ?? profile?.threads ?? 1
  const compiled = compileProject(project, {
    target: { name: targetName, schema, threads },
    vars: options.vars ?? {},
    env,
  })
  const selected = new Set(
    selectNodes(compiled.nodes, {
      ...(options.select ? { select: options.select } : {}),
      ...(options.exclude ? { exclude: options.exclude } : {}),
    }),
  )
  const resources = RESOURCES[options.command]
  const nodes = compiled.nodes.filter(
    (node) => selected.has(node.uniqueId) && resources.has(node.resourceType),
  )
  const plan: Plan = { project, compiled, nodes, targetName, threads }
  const compileSeconds = Math.round(performance.now() - compileStarted) / 1000
  options.onPlan?.(plan)

  const context: ArtifactContext = {
    project,
    compiled,
    invocationId: randomUUID(),
    generatedAt: new Date(),
  }
  const artifacts: string[] = []
  const write = options.writeArtifacts !== false
  if (write && options.command !== 'ls') {
    writeCompiled(context)
    artifacts.push(writeArtifact(context, 'manifest.json', manifest(context)))
  }
  const result: InvokeResult = {
    command: options.command,
    success: true,
    plan,
    artifacts,
    compileSeconds,
  }
  if (options.command === 'ls') {
    result.listed = nodes.map((node) => node.fqn.join('.'))
    return result
  }
  if (options.command === 'compile') return result

  const warehouse = options.warehouse ?? (await openWarehouse(profile?.warehouse))
  try {
    if (options.command === 'docs') {
      const columns = await relationColumns(warehouse, nodes)
      const document = catalog({ ...context, compiled: { ...compiled, nodes } }, (node) =>
        columns.get(node.uniqueId),
      )
      if (write) artifacts.push(writeArtifact(context, 'catalog.json', document))
      return result
    }
    const run = await runProject({ ...compiled, nodes }, warehouse, {
      threads,
      fullRefresh: options.fullRefresh === true,
      ...(options.onNodeStart ? { onNodeStart: options.onNodeStart } : {}),
      ...(options.onNodeDone ? { onNodeDone: options.onNodeDone } : {}),
    })
    result.run = run
    result.success = run.success
    if (write)
      artifacts.push(
        writeArtifact(
          context,
          'run_results.json',
          runResults(context, options.command, run, {
            select: options.select ?? [],
            exclude: options.exclude ?? [],
            full_refresh: options.fullRefresh === true,
            vars: options.vars ?? {},
            target: targetName,
            threads,
          }),
        ),
      )
    return result
  } finally {
    if (!options.warehouse) await warehouse.close()
  }
}

/** Columns and types of the nodes' relations as they stand in the warehouse. */
async function relationColumns(
  warehouse: Warehouse,
  nodes: CompiledNode[],
): Promise<Map<string, CatalogColumn[]>> {
  const found = new Map<string, CatalogColumn[]>()
  for (const node of nodes) {
    if (!node.relationName) continue
    const columns = await tableColumns(warehouse, node.schema, node.alias)
    if (columns.length)
      found.set(
        node.uniqueId,
        columns.map((column) => ({
          name: column.name,
          type: column.type,
          index: column.position,
          comment: column.comment || null,
        })),
      )
  }
  return found
}
