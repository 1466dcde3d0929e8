import { Template } from '@huggingface/jinja'

/** A function callable from templates; keyword arguments arrive as a trailing object. */
export type JinjaFunction = (...args: unknown[]) => unknown

/**
 * Renders `source` with `context`. Jinja passes keyword arguments (`config(materialized=
 * 'table')`) to JavaScript functions as a trailing `Map`; functions given here receive a
 * plain object instead, so they read like dbt's Python signatures.
 */
export function renderJinja(source: string, context: Record<string, unknown>): string {
  const wrapped: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(context)) {
    wrapped[key] = typeof value === 'function' ? withKeywordObject(value as JinjaFunction) : value
  }
  return new Template(source).render(wrapped)
}

function withKeywordObject(fn: JinjaFunction): JinjaFunction {
  return (...args) => {
    const last = args.at(-1)
    if (last instanceof Map) args[args.length - 1] = Object.fromEntries(last)
    return fn(...args)
  }
}
