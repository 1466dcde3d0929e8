/**
 * What an analyst's query may reach, decided on the engine's own parse of it (`EXPLAIN AST`),
 * never on the SQL text. The engine's `readonly=1` already refuses writes, DDL, settings and the
 * table functions that reach files, URLs, S3, other servers or programs; what it lets through
 * and this refuses: tables of other databases than the BI one (the raw `events` hold emails),
 * `system.*` beyond the metadata BI tools read, table functions beyond the few that compute
 * rows (`merge()` and `loop()` read other tables), dictionaries, `joinGet`, the `file()`
 * function (which reads a file as a string), `INTO OUTFILE`.
 */
import { SqlError } from './sql-error.js'

/** One node of `EXPLAIN AST`: its kind, the rest of its line, its children. */
export interface AstNode {
  kind: string
  text: string
  children: AstNode[]
}

/** The tree of `EXPLAIN AST`'s lines: each node one line, indented one space per level. */
export function parseAst(dump: string): AstNode {
  const root: AstNode = { kind: 'Root', text: '', children: [] }
  const stack: { depth: number; node: AstNode }[] = [{ depth: -1, node: root }]
  for (const line of dump.split('\n')) {
    if (!line.trim()) continue
    const depth = line.length - line.trimStart().length
    const body = line.trim()
    const space = body.indexOf(' ')
    const node: AstNode = {
      kind: space < 0 ? body : body.slice(0, space),
      text: space < 0 ? '' : body.slice(space + 1).replace(/ \(children \d+\)$/, ''),
      children: [],
    }
    while ((stack.at(-1)?.depth ?? -1) >= depth) stack.pop()
    stack.at(-1)?.node.children.push(node)
    stack.push({ depth, node })
  }
  return root
}

export interface QueryPolicy {
  /** The one database analysts read. */
  database: string
}

/** The query's kind and the output format it names, if it names one. */
export interface CheckedQuery {
  kind: 'select' | 'metadata'
  format: string | undefined
}

/** `system` tables BI tools read to list what there is; the engine filters them to the BI database. */
const METADATA_TABLES = new Set([
  'databases',
  'tables',
  'columns',
  'one',
  'functions',
  'data_type_families',
  'table_engines',
  'time_zones',
  'formats',
])
/** Table functions that compute rows from their arguments and read nothing stored. */
const TABLE_FUNCTIONS = new Set([
  'numbers',
  'numbers_mt',
  'zeros',
  'zeros_mt',
  'generate_series',
  'generateseries',
  'values',
  'view',
])
/** Functions that read outside the query's tables: files, dictionaries, Join tables, models. */
const REFUSED_FUNCTIONS = new Set([
  'file',
  'joinget',
  'joingetornull',
  'catboostevaluate',
  'modelevaluate',
  'getclienthttpheader',
])
const IN_FUNCTIONS = /^(global)?(not)?(null)?in$/i

/**
 * Checks the parsed query against the policy; throws an `SqlError` naming what is refused.
 * Top level: a `SELECT` (with `UNION`, CTEs, subqueries), `DESCRIBE`, `SHOW TABLES`/`DATABASES`
 * or `EXISTS`; `canonical` is the engine's single-line rendering of the query; anything else (`INSERT`, `CREATE`, `SET`, `EXPLAIN`, ...) is refused here,
 * before the engine's `readonly=1` would.
 */
export function checkQuery(ast: AstNode, policy: QueryPolicy, canonical = ''): CheckedQuery {
  const top = ast.children[0]
  if (!top || ast.children.length !== 1) throw refused('expected one query')
  const formatOf = (node: AstNode, from: number) => {
    const last = node.children.at(-1)
    return node.children.length > from && last?.kind === 'Identifier' ? last.text : undefined
  }
  switch (top.kind) {
    case 'SelectWithUnionQuery':
    case 'SelectIntersectExceptQuery': {
      for (const child of top.children.slice(1)) {
        if (child.kind === 'Literal')
          throw refused('INTO OUTFILE is not available: the result is the answer')
        if (child.kind !== 'Identifier') throw refused(`${child.kind} is not available here`)
      }
      walk(top, policy)
      return { kind: 'select', format: formatOf(top, 1) }
    }
    case 'DescribeQuery':
      walk(top, policy)
      return { kind: 'metadata', format: formatOf(top, 1) }
    case 'ShowTables':
      // The parse names SHOW SETTINGS, MERGES, CLUSTERS, DICTIONARIES alike: which one it is
      // shows in the engine's own rendering of the query (`canonical`), not in the tree.
      if (!/^SHOW (FULL )?(TABLES|DATABASES)\b/.test(canonical))
        throw new SqlError(
          497,
          'ACCESS_DENIED',
          `${canonical.split(' ').slice(0, 2).join(' ') || 'this SHOW'} is not available here: SHOW TABLES and SHOW DATABASES are`,
        )
      // SHOW TABLES FROM <database>: the engine's filter on system.tables answers nothing for
      // another database; the last identifier may be the format.
      return { kind: 'metadata', format: formatOf(top, 0) }
    case 'ExistsTableQuery':
    case 'ExistsViewQuery': {
      const [database, table] = top.text.split(' ')
      if (table !== undefined && database !== policy.database) throw outside(`${database}.${table}`)
      return { kind: 'metadata', format: formatOf(top, table === undefined ? 1 : 2) }
    }
    default:
      throw new SqlError(
        164,
        'READONLY',
        `${top.kind}: this endpoint is read-only; it answers SELECT, DESCRIBE, SHOW TABLES and EXISTS`,
      )
  }
}

function walk(node: AstNode, policy: QueryPolicy, parent?: AstNode): void {
  if (node.kind === 'TableIdentifier') checkTable(stripAlias(node.text), policy)
  if (node.kind === 'Function') {
    const name = stripAlias(node.text)
    const lower = name.toLowerCase()
    if (parent?.kind === 'TableExpression') {
      if (!TABLE_FUNCTIONS.has(lower))
        throw new SqlError(
          164,
          'READONLY',
          `table function ${name}() is not available here: only ${[...TABLE_FUNCTIONS].filter((f) => f !== 'generateseries').join(', ')}`,
        )
    } else if (REFUSED_FUNCTIONS.has(lower) || lower.startsWith('dict')) {
      throw new SqlError(
        446,
        'FUNCTION_NOT_ALLOWED',
        `function ${name}() is not available here: it reads outside the ${policy.database} database`,
      )
    } else if (IN_FUNCTIONS.test(name)) {
      // `x IN db.table` names a table as the right-hand side.
      const right = node.children[0]?.children[1]
      if (right?.kind === 'Identifier') checkTable(stripAlias(right.text), policy)
    }
  }
  for (const child of node.children) walk(child, policy, node)
}

/** An unqualified name is the BI database's table (or a CTE's); a qualified one is checked. */
function checkTable(name: string, policy: QueryPolicy): void {
  const dot = name.indexOf('.')
  if (dot < 0) return
  const database = name.slice(0, dot)
  const table = name.slice(dot + 1)
  if (database === policy.database) return
  if (database === 'system' && METADATA_TABLES.has(table)) return
  if (database.toLowerCase() === 'information_schema') return
  throw outside(name)
}

function outside(name: string): SqlError {
  return new SqlError(
    497,
    'ACCESS_DENIED',
    `${name} is not readable here: this endpoint reads the BI database and the metadata tables system.databases, system.tables, system.columns`,
  )
}

function refused(message: string): SqlError {
  return new SqlError(62, 'SYNTAX_ERROR', message)
}

function stripAlias(text: string): string {
  return text.replace(/ \(alias [^)]*\)$/, '')
}
