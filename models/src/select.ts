/**
 * dbt's node selection syntax (`--select` / `--exclude`), evaluated over the project graph the way
 * dbt-core evaluates it, so that commands written for dbt select the same nodes here:
 *
 * - each argument splits on spaces into union terms; a term splits on commas into criteria that
 *   intersect;
 * - a criterion is `[@][N+][method:]value[+N]`; without a method the value is a path if it has a
 *   slash, a file name if it ends in `.sql`/`.py`/`.csv`, and otherwise an fqn (a name, a dotted
 *   folder path or a project name, with fnmatch wildcards);
 * - every criterion then takes in the tests on any node it selected (dbt's default "eager"
 *   indirect selection), before its results are intersected, united and excluded.
 */

import type { GraphNode } from './graph.js'
import { type Criterion, parseArguments, type Term } from './selector.js'

export interface Selection {
  /** `--select` arguments as dbt receives them; none selects every node. */
  select?: string[]
  /** `--exclude` arguments, same syntax: what they select is removed. */
  exclude?: string[]
}

/**
 * Unique ids of the selected nodes, in the order of `nodes`, tests included. Throws SelectionError
 * for a malformed selector; one that matches nothing just selects nothing.
 */
export function selectNodes(nodes: readonly GraphNode[], selection: Selection): string[] {
  const { selected } = evaluate(nodes, selection)
  return nodes.filter((node) => selected.has(node.uniqueId)).map((node) => node.uniqueId)
}

/**
 * The terms of `select` and `exclude` that match no node, for the warning dbt prints ("The
 * selection criterion 'x' does not match any enabled nodes"). Like dbt, a term is one
 * space-separated piece, and a comma intersection counts as unmatched when the intersection is
 * empty.
 */
export function unmatchedSelectors(nodes: readonly GraphNode[], selection: Selection): string[] {
  return evaluate(nodes, selection).unmatched
}

interface GraphIndex {
  nodes: readonly GraphNode[]
  parents: Map<string, string[]>
  children: Map<string, string[]>
  tests: Set<string>
}

function evaluate(
  nodes: readonly GraphNode[],
  selection: Selection,
): { selected: Set<string>; unmatched: string[] } {
  // Parse everything first, so a malformed selector fails whether or not anything matched.
  const selectTerms = parseArguments(selection.select ?? [])
  const excludeTerms = parseArguments(selection.exclude ?? [])
  const graph = indexGraph(nodes)

  const unmatched: string[] = []
  const resolve = (terms: Term[]) => {
    const union = new Set<string>()
    for (const term of terms) {
      const ids = resolveTerm(graph, term)
      if (ids.size === 0 && !unmatched.includes(term.raw)) unmatched.push(term.raw)
      for (const id of ids) union.add(id)
    }
    return union
  }

  const selected =
    selectTerms.length > 0 ? resolve(selectTerms) : new Set(nodes.map((node) => node.uniqueId))
  for (const id of resolve(excludeTerms)) selected.delete(id)
  return { selected, unmatched }
}

function resolveTerm(graph: GraphIndex, term: Term): Set<string> {
  const [first, ...others] = term.criteria.map((criterion) => resolveCriterion(graph, criterion))
  const intersection = new Set(first)
  for (const ids of others) {
    for (const id of intersection) if (!ids.has(id)) intersection.delete(id)
  }
  return intersection
}

function resolveCriterion(graph: GraphIndex, criterion: Criterion): Set<string> {
  const matched = graph.nodes.filter(criterion.matches).map((node) => node.uniqueId)
  const selected = new Set(matched)
  if (criterion.childrensParents) {
    const downstream = [...matched, ...within(graph.children, matched, Infinity)]
    for (const id of downstream) selected.add(id)
    for (const id of within(graph.parents, downstream, Infinity)) selected.add(id)
  }
  for (const id of within(graph.parents, matched, criterion.parentsDepth)) selected.add(id)
  for (const id of within(graph.children, matched, criterion.childrenDepth)) selected.add(id)

  // Eager indirect selection: a test runs when any node it tests is selected. dbt applies it to
  // each criterion, so excluding a model also excludes its tests, and `x,tag:y` keeps the tests
  // of the nodes both select.
  for (const id of [...selected]) {
    for (const child of graph.children.get(id) ?? [])
      if (graph.tests.has(child)) selected.add(child)
  }
  return selected
}

/** Nodes reachable from `start` along `edges` in at most `maxDepth` steps, `start` left out. */
function within(edges: Map<string, string[]>, start: readonly string[], maxDepth: number) {
  const reached = new Set<string>()
  let frontier = start
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = []
    for (const id of frontier) {
      for (const neighbour of edges.get(id) ?? []) {
        if (reached.has(neighbour)) continue
        reached.add(neighbour)
        next.push(neighbour)
      }
    }
    frontier = next
  }
  return reached
}

function indexGraph(nodes: readonly GraphNode[]): GraphIndex {
  const ids = new Set(nodes.map((node) => node.uniqueId))
  const parents = new Map<string, string[]>()
  const children = new Map<string, string[]>()
  for (const node of nodes) {
    // Sources and other ids outside the graph cannot be selected, so there is no edge to them.
    const present = node.dependsOn.filter((parent) => ids.has(parent))
    parents.set(node.uniqueId, present)
    for (const parent of present) {
      const siblings = children.get(parent)
      if (siblings) siblings.push(node.uniqueId)
      else children.set(parent, [node.uniqueId])
    }
  }
  const tests = new Set(nodes.filter((n) => n.resourceType === 'test').map((n) => n.uniqueId))
  return { nodes, parents, children, tests }
}
