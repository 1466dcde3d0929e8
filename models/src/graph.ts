/**
 * The project graph as the runner plans with it: every seed, model and test is a node with
 * dbt's unique id (`model.<project>.<name>`, `seed.<project>.<name>`, `test.<project>.<name>`),
 * its fqn and its parents. Selection, ordering, execution and dbt's artefacts all work on this.
 * The ordering lives here too: nodes after their parents, and the cycle check of refs.
 */

/** Sources are read, never built: they appear only as the parents of their tests. */
export type ResourceType = 'model' | 'seed' | 'test' | 'source'

export interface GraphNode {
  /** dbt's unique id, e.g. `model.leadhouse.activity_log`. */
  uniqueId: string
  resourceType: ResourceType
  name: string
  /**
   * dbt's fully qualified name: project, folders below the resource path, name; a version of a
   * versioned model ends with its model's name and `v<v>`, as in dbt.
   */
  fqn: string[]
  /** A version of a versioned model: its identifier. */
  version?: string
  /** File path relative to the project directory, forward slashes (`models/marts/x.sql`). */
  path: string
  tags: string[]
  /** Unique ids of the nodes this one reads from (refs; a test's tested model). */
  dependsOn: string[]
}

/** Every node after the nodes it depends on; ties keep seeds, then models, then tests, in file order. */
export function orderNodes<T extends GraphNode>(nodes: T[]): T[] {
  const byId = new Map(nodes.map((node) => [node.uniqueId, node]))
  const ordered: T[] = []
  const seen = new Set<string>()
  const visit = (node: T) => {
    if (seen.has(node.uniqueId)) return
    seen.add(node.uniqueId)
    for (const parent of node.dependsOn) {
      const upstream = byId.get(parent)
      if (upstream) visit(upstream)
    }
    ordered.push(node)
  }
  for (const node of nodes) visit(node)
  return ordered
}

/**
 * The first cycle among `refs` (names to the names they read), as the path that closes it
 * (`a -> b -> a`), or undefined. Names not in `refs` (seeds) end a path.
 */
export function findCycle(refs: ReadonlyMap<string, { refs: string[] }>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, chain: string[]): string[] | undefined => {
    if (state.get(name) === 'done' || !refs.has(name)) return undefined
    if (state.get(name) === 'visiting') return [...chain.slice(chain.indexOf(name)), name]
    state.set(name, 'visiting')
    for (const ref of refs.get(name)?.refs ?? []) {
      const cycle = visit(ref, [...chain, name])
      if (cycle) return cycle
    }
    state.set(name, 'done')
    return undefined
  }
  for (const name of refs.keys()) {
    const cycle = visit(name, [])
    if (cycle) return cycle
  }
  return undefined
}

/** `names`, each after the names it refs among them; an acyclic `refs` is assumed. */
export function dependencyOrder(
  names: string[],
  refs: ReadonlyMap<string, { refs: string[] }>,
): string[] {
  const ordered: string[] = []
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name) || !refs.has(name) || !names.includes(name)) return
    seen.add(name)
    for (const ref of refs.get(name)?.refs ?? []) visit(ref)
    ordered.push(name)
  }
  for (const name of names) visit(name)
  return ordered
}
