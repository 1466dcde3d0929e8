/**
 * Runs a compiled project: schedules its nodes on `threads`, each after what it waits for, and
 * skips what depends on a failure; executing one node is execute-node.ts's.
 */
import type { Warehouse } from '@leadhouse/warehouse'
import type { CompiledNode, CompiledProject, ModelNode } from './compile/index.js'
import { executeNode } from './execute-node.js'
import type { MaterializeOptions } from './materializations.js'
import { RelationCache } from './relations.js'

/** dbt's statuses: models and seeds succeed or fail, tests pass, warn or fail. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn'

export interface NodeResult {
  uniqueId: string
  name: string
  resourceType: CompiledNode['resourceType']
  /** view, table, incremental, seed or test. */
  materialized: string
  status: NodeStatus
  seconds: number
  /** Rows in the built table or seed; failing rows of a test. */
  rows?: number
  /** Why it failed, or which failed node it depended on. */
  message?: string
  relationName: string
  startedAt: string
  completedAt: string
  threadId: string
}

export interface RunResult {
  results: NodeResult[]
  seconds: number
  /** True when nothing errored or failed (warnings are fine). */
  success: boolean
}

export interface RunOptions extends MaterializeOptions {
  /** Nodes run at once; a node starts once everything it depends on is done. Default 1. */
  threads?: number
  /** Unique ids to run; default all. Nodes outside the set are assumed built. */
  only?: ReadonlySet<string>
  /** Called when a node starts, for progress output; `index` is 1-based in the run's order. */
  onNodeStart?: (node: CompiledNode, index: number, total: number) => void
  /** Called after each node, for progress output. */
  onNodeDone?: (result: NodeResult, index: number, total: number) => void
}

/**
 * Runs the project's nodes: seeds load, models build, tests count their failing rows. Up to
 * `threads` at once, each after everything it depends on. A node whose upstream failed is
 * skipped, and so are the models downstream of a failing test of their parent, as `dbt build`
 * does; the rest of the graph goes on.
 */
export async function runProject(
  compiled: CompiledProject,
  warehouse: Warehouse,
  options: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now()
  const nodes = compiled.nodes.filter((node) => !options.only || options.only.has(node.uniqueId))
  const inRun = new Set(nodes.map((node) => node.uniqueId))
  // A model waits for its parents and for the tests of its parents that are in this run.
  const testsOf = new Map<string, string[]>()
  for (const node of nodes)
    if (node.resourceType === 'test' && node.dependsOn.length === 1 && node.attachedTo)
      testsOf.set(node.attachedTo.uniqueId, [
        ...(testsOf.get(node.attachedTo.uniqueId) ?? []),
        node.uniqueId,
      ])
  const waitsFor = new Map(
    nodes.map((node) => {
      const parents = node.dependsOn.filter((id) => inRun.has(id))
      const tests =
        node.resourceType === 'test' ? [] : parents.flatMap((id) => testsOf.get(id) ?? [])
      return [node.uniqueId, [...parents, ...tests]]
    }),
  )
  // Numbered in the order they start, as dbt's progress lines are.
  const index = new Map<string, number>()
  const results = new Map<string, NodeResult>()
  const blocked = new Set<string>()
  const relations = new RelationCache(warehouse)
  // With several threads, a free thread takes the ready node with the longest chain of nodes
  // waiting on it, so the chain that decides the run's length is never left queued behind
  // leaves such as tests.
  const waitedOnBy = new Map<string, string[]>()
  for (const [id, waits] of waitsFor)
    for (const upstream of waits)
      waitedOnBy.set(upstream, [...(waitedOnBy.get(upstream) ?? []), id])
  const chainLength = new Map<string, number>()
  const chainOf = (id: string): number => {
    let length = chainLength.get(id)
    if (length === undefined) {
      length = Math.max(0, ...(waitedOnBy.get(id) ?? []).map((next) => chainOf(next) + 1))
      chainLength.set(id, length)
    }
    return length
  }
  const pending = [...nodes].sort((a, b) => chainOf(b.uniqueId) - chainOf(a.uniqueId))
  const running = new Set<Promise<void>>()
  const threads = Math.max(1, options.threads ?? 1)
  let threadNumber = 0

  const runOne = async (node: CompiledNode, threadId: string) => {
    const startedAt = new Date()
    const nodeStarted = performance.now()
    index.set(node.uniqueId, index.size + 1)
    const blocker = waitsFor.get(node.uniqueId)?.find((id) => blocked.has(id))
    let result: Omit<NodeResult, 'seconds' | 'startedAt' | 'completedAt' | 'threadId'>
    if (blocker) {
      result = {
        ...base(node),
        status: 'skipped',
        message: `upstream ${results.get(blocker)?.name ?? blocker} ${describeFailure(results.get(blocker))}`,
      }
    } else {
      options.onNodeStart?.(node, index.get(node.uniqueId) as number, nodes.length)
      try {
        result = { ...base(node), ...(await executeNode(node, warehouse, options, relations)) }
      } catch (error) {
        result = { ...base(node), status: 'error', message: messageOf(error) }
      }
    }
    if (result.status === 'error' || result.status === 'fail' || result.status === 'skipped')
      blocked.add(node.uniqueId)
    const done: NodeResult = {
      ...result,
      seconds: blocker ? 0 : elapsed(nodeStarted),
      startedAt: startedAt.toISOString(),
      completedAt: new Date().toISOString(),
      threadId,
    }
    results.set(node.uniqueId, done)
    options.onNodeDone?.(done, index.get(node.uniqueId) as number, nodes.length)
  }

  while (pending.length > 0 || running.size > 0) {
    let launched = false
    for (let position = 0; position < pending.length && running.size < threads; ) {
      const node = pending[position] as CompiledNode
      const ready = (waitsFor.get(node.uniqueId) ?? []).every((id) => results.has(id))
      if (!ready) {
        position += 1
        continue
      }
      pending.splice(position, 1)
      const threadId = `Thread-${(threadNumber++ % threads) + 1}`
      const task: Promise<void> = runOne(node, threadId).finally(() => running.delete(task))
      running.add(task)
      launched = true
    }
    if (running.size > 0) await Promise.race(running)
    else if (!launched && pending.length > 0)
      throw new Error(`cannot order ${pending.map((node) => node.name).join(', ')}`)
  }
  const ordered = nodes.map((node) => results.get(node.uniqueId) as NodeResult)
  return {
    results: ordered,
    seconds: elapsed(started),
    success: ordered.every((result) => !['error', 'fail'].includes(result.status)),
  }
}

function base(node: CompiledNode) {
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    materialized:
      node.resourceType === 'model' ? (node as ModelNode).config.materialized : node.resourceType,
    relationName: node.relationName,
  }
}

function describeFailure(result: NodeResult | undefined): string {
  if (!result) return 'failed'
  if (result.status === 'skipped') return 'was skipped'
  return result.resourceType === 'test' ? 'failed its test' : 'failed'
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since) / 1000
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
