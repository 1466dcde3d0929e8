import { parse, Template, tokenize } from '@huggingface/jinja'
import { JinjaError } from './errors.js'

/** A function callable from templates; keyword arguments arrive as a trailing object. */
export type JinjaFunction = (...args: unknown[]) => unknown

/**
 * Renders `source` with `context`, with the project's macros (`macros` is their source, see
 * `macroSource`) defined first. Functions given here receive plain JavaScript values: the
 * engine hands over lists, dicts and keyword arguments as its own runtime wrappers, and keyword
 * arguments (`config(materialized='table')`) as a trailing `Map`, which arrives as an object so
 * functions read like dbt's Python signatures. Errors are JinjaErrors with the line when known.
 */
export function renderJinja(source: string, context: Record<string, unknown>, macros = ''): string {
  const wrapped: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(context)) {
    wrapped[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => (value as JinjaFunction)(...args.map(toPlain))
        : value
  }
  let template: Template
  try {
    template = compileTemplate(macros + dbtBlocks(source))
  } catch (error) {
    const located = locateSyntaxError(source)
    throw new JinjaError(
      `Jinja syntax error: ${located?.message ?? messageOf(error)}`,
      located?.line,
      { cause: error },
    )
  }
  try {
    return template.render(wrapped)
  } catch (error) {
    if (error instanceof JinjaError) throw error
    throw new JinjaError(messageOf(error), undefined, { cause: error })
  }
}

/** Parsed templates by source: a model renders at least twice, with the same macros each time. */
const parsedTemplates = new Map<string, Template['parsed']>()
const PARSED_TEMPLATES_MAX = 5000

/**
 * A template parsed as dbt's Jinja parses it. `Template`'s constructor always turns on
 * trim_blocks and lstrip_blocks, which dbt leaves off: `{% endif %}` at the end of a line would
 * eat the newline, and `union all{% endif %}\nselect` would become `union allselect`. So the
 * tokens are made without them and handed to a Template, which brings the engine's globals.
 */
function compileTemplate(source: string): Template {
  let parsed = parsedTemplates.get(source)
  if (!parsed) {
    parsed = parse(tokenize(source, {}))
    if (parsedTemplates.size >= PARSED_TEMPLATES_MAX) parsedTemplates.clear()
    parsedTemplates.set(source, parsed)
  }
  const template = new Template('')
  template.parsed = parsed
  return template
}

/**
 * The project's macro files as one preamble: dbt's `{% test name(...) %}` blocks become macros
 * named `test_name`, as dbt itself names them. Throws a JinjaError naming the file and line
 * for a macro file that does not parse.
 */
export function macroSource(files: readonly { path: string; text: string }[]): string {
  return files
    .map((file) => {
      const source = dbtBlocks(file.text)
      try {
        compileTemplate(source)
      } catch (error) {
        const located = locateSyntaxError(file.text)
        throw new JinjaError(
          `${file.path}${located ? `:${located.line}` : ''}: Jinja syntax error: ${located?.message ?? messageOf(error)}`,
          located?.line,
          { cause: error },
        )
      }
      return definitionsOnly(source)
    })
    .join('')
}

/**
 * A macro file without the text between its definitions: dbt ignores it, and here it would
 * otherwise land at the top of every model.
 */
function definitionsOnly(source: string): string {
  let depth = 0
  let kept = ''
  let from = 0
  for (const match of source.matchAll(/{%-?\s*(\w+)[\s\S]*?%}|{{[\s\S]*?}}|{#[\s\S]*?#}/g)) {
    const keyword = match[1]
    if (keyword === 'macro') {
      if (depth === 0) from = match.index
      depth += 1
    } else if (keyword === 'endmacro' && depth > 0) {
      depth -= 1
      // A whole definition, from its `{% macro %}` to its `{% endmacro %}`.
      if (depth === 0) kept += source.slice(from, match.index + match[0].length)
    }
  }
  return kept
}

/** dbt's block tags the engine does not know, rewritten to ones it does. */
function dbtBlocks(source: string): string {
  return source
    .replace(/{%(-?)\s*test\s+(\w+)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/{%(-?)\s*endtest\s*(-?)%}/g, '{%$1 endmacro $2%}')
}

const BLOCKS = new Set(['if', 'for', 'macro', 'call', 'filter', 'raw', 'test'])
const MIDDLES: Record<string, string[]> = { elif: ['if'], else: ['if', 'for'] }

/**
 * Where a template that does not parse goes wrong: the engine reports no positions, so each tag
 * is checked on its own and the block tags are matched up.
 */
export function locateSyntaxError(source: string): { line: number; message: string } | undefined {
  const lineAt = (index: number) => source.slice(0, index).split('\n').length
  const open: { tag: string; line: number }[] = []
  const tags = /{%-?([\s\S]*?)-?%}|{{-?([\s\S]*?)-?}}|{#[\s\S]*?#}|{[{%#]/g
  for (const match of source.matchAll(tags)) {
    const line = lineAt(match.index)
    if (match[0].length === 2) return { line, message: `${match[0]} is never closed` }
    if (match[2] !== undefined) {
      const problem = parseProblem(`{{${match[2]}}}`)
      if (problem) return { line, message: `in {{${match[2]}}}: ${problem}` }
      continue
    }
    if (match[1] === undefined) continue
    const statement = match[1].trim()
    const keyword = statement.split(/[\s(]/)[0] ?? ''
    if (keyword.startsWith('end')) {
      const opened = open.pop()
      const expected = keyword.slice(3)
      if (!opened) return { line, message: `{% ${keyword} %} closes no block` }
      if (opened.tag !== expected)
        return {
          line,
          message: `{% ${keyword} %} closes the {% ${opened.tag} %} of line ${opened.line}`,
        }
    } else if (keyword in MIDDLES) {
      const opened = open.at(-1)
      if (!opened || !MIDDLES[keyword]?.includes(opened.tag))
        return { line, message: `{% ${keyword} %} outside an if or for block` }
    } else if (BLOCKS.has(keyword) || (keyword === 'set' && !statement.includes('='))) {
      const probe = keyword === 'test' ? null : parseProblem(`{%${match[1]}%}{% end${keyword} %}`)
      if (probe) return { line, message: `in {% ${statement} %}: ${probe}` }
      open.push({ tag: keyword, line })
    } else {
      const probe = parseProblem(`{%${match[1]}%}`)
      if (probe) return { line, message: `in {% ${statement} %}: ${probe}` }
    }
  }
  const unclosed = open.pop()
  if (unclosed) return { line: unclosed.line, message: `{% ${unclosed.tag} %} is never closed` }
  return undefined
}

function parseProblem(source: string): string | undefined {
  try {
    parse(tokenize(source, {}))
    return undefined
  } catch (error) {
    return messageOf(error)
  }
}

/** Unwraps the engine's runtime values (`StringValue`, `ArrayValue`, `ObjectValue`, ...). */
function toPlain(value: unknown): unknown {
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([key, item]) => [key, toPlain(item)]))
  }
  if (Array.isArray(value)) return value.map(toPlain)
  if (isRuntimeValue(value)) return value.type === 'NullValue' ? null : toPlain(value.value)
  return value
}

function isRuntimeValue(value: unknown): value is { type: string; value: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    typeof value.type === 'string' &&
    value.type.endsWith('Value') &&
    'value' in value
  )
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
