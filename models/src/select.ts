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

import { SelectionError } from './errors.js'
import type { GraphNode, ResourceType } from './graph.js'

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

/** One criterion of a term, e.g. `2+tag:daily`, with its method already bound to its value. */
interface Criterion {
  matches: (node: GraphNode) => boolean
  /** How many generations of parents (`N+x`) or children (`x+N`) to add: 0 none, Infinity all. */
  parentsDepth: number
  childrenDepth: number
  /** `@x`: x, its descendants and all their ancestors. */
  childrensParents: boolean
}

/** A space-separated piece of an argument: the intersection of its comma-separated criteria. */
interface Term {
  raw: string
  criteria: Criterion[]
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

function parseArguments(args: readonly string[]): Term[] {
  return args
    .flatMap((arg) => arg.split(/\s+/))
    .filter((raw) => raw !== '')
    .map((raw) => ({ raw, criteria: raw.split(',').map(parseCriterion) }))
}

// dbt-core's RAW_SELECTOR_PATTERN: `@`, then `N+`, then `method:`, then the value, then `+N`.
const CRITERION_PATTERN =
  /^(?<childrensParents>@)?(?:(?<parentsDepth>\d*)\+)?(?:(?<method>[\w.]+):)?(?<value>.*?)(?:\+(?<childrenDepth>\d*))?$/

function parseCriterion(raw: string): Criterion {
  const groups = CRITERION_PATTERN.exec(raw)?.groups
  const value = groups?.value
  if (!groups || !value) {
    throw new SelectionError(`Invalid selector '${raw}': it names nothing to select`)
  }
  if (groups.childrensParents && groups.childrenDepth !== undefined) {
    throw new SelectionError(
      `Invalid selector '${raw}': the "@" prefix and the "+" suffix cannot be combined`,
    )
  }
  const [methodName = defaultMethod(value), ...methodArguments] = groups.method?.split('.') ?? []
  const method = METHODS.get(methodName)
  if (!method) {
    throw new SelectionError(
      `Invalid selector '${raw}': unknown method '${methodName}'; ` +
        `supported methods are ${[...METHODS.keys()].join(', ')}`,
    )
  }
  if (methodArguments.length > 0) {
    throw new SelectionError(`Invalid selector '${raw}': method '${methodName}' takes no arguments`)
  }
  return {
    matches: method(value, raw),
    parentsDepth: operatorDepth(groups.parentsDepth),
    childrenDepth: operatorDepth(groups.childrenDepth),
    childrensParents: groups.childrensParents !== undefined,
  }
}

/** The depth of a `+` operator: absent 0, bare `+` unlimited, `N+` / `+N` N generations. */
function operatorDepth(digits: string | undefined): number {
  if (digits === undefined) return 0
  return digits === '' ? Infinity : Number(digits)
}

function defaultMethod(value: string): string {
  if (value.includes('/')) return 'path'
  if (/\.(sql|py|csv)$/i.test(value)) return 'file'
  return 'fqn'
}

type Method = (value: string, selector: string) => (node: GraphNode) => boolean

const RESOURCE_TYPES: readonly string[] = ['model', 'seed', 'test'] satisfies ResourceType[]

const METHODS = new Map<string, Method>([
  ['fqn', fqnMatcher],
  [
    'tag',
    (value, selector) => {
      const pattern = globPattern(value, selector)
      return (node) => node.tags.some((tag) => pattern.test(tag))
    },
  ],
  ['path', pathMatcher],
  [
    'file',
    (value, selector) => {
      const pattern = globPattern(value, selector)
      return (node) => {
        const fileName = node.path.slice(node.path.lastIndexOf('/') + 1)
        const stem = fileName.includes('.')
          ? fileName.slice(0, fileName.lastIndexOf('.'))
          : fileName
        return pattern.test(fileName) || pattern.test(stem)
      }
    },
  ],
  [
    'resource_type',
    (value, selector) => {
      if (!RESOURCE_TYPES.includes(value)) {
        const expected = RESOURCE_TYPES.join(', ')
        throw new SelectionError(
          `Invalid selector '${selector}': resource_type must be one of ${expected}`,
        )
      }
      return (node) => node.resourceType === value
    },
  ],
])

/**
 * dbt-core's fqn matching: the node's leaf name, or the leading parts of its fqn (with or without
 * the project name), so `staging` and `leadhouse.staging` select a folder and `staging.stg_x` one
 * model. From the first part with a wildcard on, the rest of the fqn is matched as one glob.
 */
function fqnMatcher(selector: string, raw: string): (node: GraphNode) => boolean {
  const parts = selector.split('.')
  const firstWildcard = parts.findIndex((part) => /[*?[\]]/.test(part))
  const literalParts = firstWildcard === -1 ? parts : parts.slice(0, firstWildcard)
  const rest =
    firstWildcard === -1 ? undefined : globPattern(parts.slice(firstWildcard).join('.'), raw)

  const matchesFqn = (fqn: readonly string[]) => {
    if (fqn.at(-1) === selector) return true
    // dbt splits dotted fqn segments too (versioned model names), so parts align on dots.
    const flat = fqn.flatMap((segment) => segment.split('.'))
    if (flat.length < parts.length) return false
    if (literalParts.some((part, index) => flat[index] !== part)) return false
    return rest === undefined || rest.test(flat.slice(literalParts.length).join('.'))
  }
  // dbt-core matches `stg_*` against the whole fqn tail (`staging.stg_x`), so it misses every node
  // in a folder; like dbt Fusion, a wildcard pattern without dots is also tried on the name alone.
  const namePattern = parts.length === 1 ? rest : undefined

  return (node) =>
    matchesFqn(node.fqn) || matchesFqn(node.fqn.slice(1)) || (namePattern?.test(node.name) ?? false)
}

/**
 * A path relative to the project directory selects the file there or every node in the folder
 * there, at any depth. dbt globs it against the file system, so `*`, `?`, `[…]` match within a
 * segment and `**` any number of segments.
 */
function pathMatcher(selector: string, raw: string): (node: GraphNode) => boolean {
  const normalized = selector.replace(/^(\.\/)+/, '').replace(/\/+$/, '')
  const pattern = normalized
    .split('/')
    .map((segment) => (segment === '**' ? segment : globPattern(segment, raw)))
  return (node) => {
    const segments = node.path.split('/')
    // The file itself, or any folder it is in.
    for (let length = segments.length; length > 0; length--) {
      if (segmentsMatch(pattern, segments.slice(0, length))) return true
    }
    return false
  }
}

function segmentsMatch(pattern: readonly (RegExp | '**')[], segments: readonly string[]): boolean {
  const [first, ...rest] = pattern
  if (first === undefined) return segments.length === 0
  if (first === '**') {
    return (
      segments.some((_, skip) => segmentsMatch(rest, segments.slice(skip))) ||
      segmentsMatch(rest, [])
    )
  }
  const [segment, ...remaining] = segments
  return segment !== undefined && first.test(segment) && segmentsMatch(rest, remaining)
}

/**
 * Python's fnmatch, which dbt matches names, tags and fqns with: `*` any characters (dots
 * included), `?` one character, `[abc]` / `[!abc]` one of / none of a set.
 */
function globPattern(pattern: string, selector: string): RegExp {
  let source = ''
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index)
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else if (char === '[') {
      // As in fnmatch, a `]` right after `[` or `[!` belongs to the set, and a `[` that is never
      // closed is literal.
      let end = index + 1
      if (pattern[end] === '!') end++
      if (pattern[end] === ']') end++
      end = pattern.indexOf(']', end)
      if (end === -1) {
        source += '\\['
        continue
      }
      const members = pattern.slice(index + 1, end).replace(/[\\\]^]/g, '\\$&')
      source += members.startsWith('!') ? `[^${members.slice(1)}]` : `[${members}]`
      index = end
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  try {
    return new RegExp(`^${source}$`, 's')
  } catch {
    throw new SelectionError(`Invalid selector '${selector}': bad wildcard pattern '${pattern}'`)
  }
}
