/**
 * dbt's selector syntax, parsed: terms of criteria `[@][N+][method:]value[+N]`, each method
 * (name, fqn, tag, path, file, resource_type...) bound to its value as a node predicate.
 * Evaluating them over the graph is select.ts's.
 */
import { SelectionError } from './errors.js'
import type { GraphNode, ResourceType } from './graph.js'

/** One criterion of a term, e.g. `2+tag:daily`, with its method already bound to its value. */
export interface Criterion {
  matches: (node: GraphNode) => boolean
  /** How many generations of parents (`N+x`) or children (`x+N`) to add: 0 none, Infinity all. */
  parentsDepth: number
  childrenDepth: number
  /** `@x`: x, its descendants and all their ancestors. */
  childrensParents: boolean
}

/** A space-separated piece of an argument: the intersection of its comma-separated criteria. */
export interface Term {
  raw: string
  criteria: Criterion[]
}

/** `--select` or `--exclude` arguments as terms; throws SelectionError for a malformed one. */
export function parseArguments(args: readonly string[]): Term[] {
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

  // A versioned model's name selects every version, `name.v2` one (dbt's rule), and so does the
  // name of the version's node, its file's (`name_v2`).
  const matchesVersion = (node: GraphNode) =>
    node.version !== undefined &&
    (node.fqn.at(-2) === selector ||
      node.fqn.slice(-2).join('.') === parts.slice(-2).join('.') ||
      node.name === selector)

  return (node) =>
    matchesFqn(node.fqn) ||
    matchesFqn(node.fqn.slice(1)) ||
    matchesVersion(node) ||
    (namePattern?.test(node.name) ?? false)
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
