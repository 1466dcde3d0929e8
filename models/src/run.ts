import type { Warehouse } from '@leadhouse/warehouse'
import type { CompiledProject, ModelNode } from './compile.js'
import { type ExistingRelation, materializationStatements } from './materializations.js'

export type NodeStatus = 'success' | 'error' | 'skipped'

export interface NodeResult {
  name: string
  materialized: string
  status: NodeStatus
  seconds: number
  /** Why it failed, or which failed model it depended on. */
  message?: string
}

export interface RunResult {
  results: NodeResult[]
  seconds: number
  /** True when every model built. */
  success: boolean
}

export interface RunOptions {
  /** Called after each model, for progress output. */
  onNodeDone?: (result: NodeResult, index: number, total: number) => void
}

/**
 * Builds every node in order. A model whose upstream failed is skipped, not attempted, and
 * the run goes on with the models that do not depend on it.
 */
export async function runProject(
  compiled: CompiledProject,
  warehouse: Warehouse,
  options: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now()
  const failed = new Set<string>()
  const results: NodeResult[] = []
  for (const [index, node] of compiled.nodes.entries()) {
    const nodeStarted = performance.now()
    const failedUpstream = node.dependsOn.find((name) => failed.has(name))
    let result: NodeResult
    if (failedUpstream) {
      failed.add(node.name)
      result = {
        ...base(node),
        status: 'skipped',
        seconds: 0,
        message: `upstream ${failedUpstream} failed`,
      }
    } else {
      try {
        await buildNode(node, warehouse)
        result = { ...base(node), status: 'success', seconds: elapsed(nodeStarted) }
      } catch (error) {
        failed.add(node.name)
        const message = error instanceof Error ? error.message : String(error)
        result = { ...base(node), status: 'error', seconds: elapsed(nodeStarted), message }
      }
    }
    results.push(result)
    options.onNodeDone?.(result, index, compiled.nodes.length)
  }
  return { results, seconds: elapsed(started), success: failed.size === 0 }
}

async function buildNode(node: ModelNode, warehouse: Warehouse): Promise<void> {
  const existing = await existingRelation(node, warehouse)
  for (const statement of materializationStatements(node, existing)) {
    await warehouse.client.command({ query: statement })
  }
}

async function existingRelation(node: ModelNode, warehouse: Warehouse): Promise<ExistingRelation> {
  const result = await warehouse.client.query({
    query:
      'SELECT engine FROM system.tables WHERE database = {schema:String} AND name = {name:String}',
    query_params: { schema: node.schema, name: node.name },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ engine: string }>()
  if (!row) return undefined
  return row.engine === 'View' ? 'view' : 'table'
}

function base(node: ModelNode) {
  return { name: node.name, materialized: node.config.materialized }
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since) / 1000
}
