import { Template } from '@huggingface/jinja'

/** A function callable from templates; keyword arguments arrive as a trailing object. */
export type JinjaFunction = (...args: unknown[]) => unknown

/**
 * Renders `source` with `context`. Functions given here receive plain JavaScript values:
 * the engine hands over lists, dicts and keyword arguments as its own runtime wrappers, and
 * keyword arguments (`config(materialized='table')`) as a trailing `Map`, which arrives as an
 * object so functions read like dbt's Python signatures.
 */
export function renderJinja(source: string, context: Record<string, unknown>): string {
  const wrapped: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(context)) {
    wrapped[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => (value as JinjaFunction)(...args.map(toPlain))
        : value
  }
  return new Template(source).render(wrapped)
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
