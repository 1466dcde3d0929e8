/**
 * The one JSON parse of every request body: what a body may hold besides being JSON (its depth,
 * its width, no `__proto__` key), checked without recursion. Pure: the text in, a value or the
 * problem to refuse it with out.
 */
import { fieldPath, type Problem } from './problems.js'

/**
 * Deepest nesting of arrays and objects a JSON body may have: the root is level 1. The deepest
 * body any endpoint takes has 4 (`{ e: [ { pp: {} } ] }`); 64 leaves room, and keeps everything
 * recursive that runs on a parsed body afterwards (zod, `JSON.stringify` of a refused event) far
 * from the end of the stack, which `JSON.stringify` reached at a few thousand levels.
 */
export const MAX_JSON_DEPTH = 64

/**
 * Most keys one object of a JSON body may have. The widest object any endpoint takes is a CRM
 * record (27 fields and its attributes); validating an object of a million keys (10 MB of them)
 * took zod seconds, the event loop held all the while.
 */
export const MAX_JSON_KEYS = 1000

/** A key no body may use: assigned, it replaces an object's prototype instead of adding a key. */
export const FORBIDDEN_KEY = '__proto__'

/** Of a field path that is too long to name whole, the start is kept. */
const MAX_FIELD_CHARS = 256

/** What parsing a JSON body found: its value, or the problem to refuse it with. */
export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: Problem }

/**
 * Parses a request body as JSON, for every endpoint that takes one: a leading byte order mark
 * is skipped (RFC 8259 lets a parser ignore it); text that is not JSON is `invalid_json`;
 * nesting deeper than `maxDepth` is `too_deep`, an object of more than `MAX_JSON_KEYS` keys is
 * `too_many_keys`, and a `__proto__` key is `invalid_key`, each with the field where it is.
 * V8's `JSON.parse` itself does not recurse, so any depth parses; the check walks the value with
 * a stack of its own, and stops at the first problem. A refused body is to be kept as its text:
 * nothing recursive runs on it.
 */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): JsonRead {
  let value: unknown
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (error) {
    const message = `body is not JSON: ${error instanceof Error ? error.message : String(error)}`
    return { ok: false, problem: { code: 'invalid_json', message, field: '' } }
  }
  const problem = shapeProblem(value, maxDepth)
  return problem ? { ok: false, problem } : { ok: true, value }
}

/** An array or object being walked: its keys (none for an array) and the next to visit. */
interface Frame {
  container: Record<string, unknown> | unknown[]
  keys: string[] | undefined
  next: number
}

function frameOf(container: object): Frame {
  return Array.isArray(container)
    ? { container, keys: undefined, next: 0 }
    : { container: container as Record<string, unknown>, keys: Object.keys(container), next: 0 }
}

/** The first place where a parsed body nests too deep, has too many keys, or `FORBIDDEN_KEY`. */
function shapeProblem(root: unknown, maxDepth: number): Problem | undefined {
  if (typeof root !== 'object' || root === null) return undefined
  const frames: Frame[] = [frameOf(root)]
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as Frame
    const { container, keys } = frame
    if (keys && frame.next === 0 && keys.length > MAX_JSON_KEYS) {
      const field = pathOf(frames.slice(0, -1))
      return {
        code: 'too_many_keys',
        message: `${field || 'body'}: an object has ${keys.length} keys; the limit is ${MAX_JSON_KEYS}`,
        field,
      }
    }
    if (frame.next >= (keys ?? (container as unknown[])).length) {
      frames.pop()
      continue
    }
    const index = frame.next++
    const key = keys ? (keys[index] as string) : undefined
    if (key === FORBIDDEN_KEY) {
      const field = pathOf(frames)
      return {
        code: 'invalid_key',
        message: `${field}: the key "${FORBIDDEN_KEY}" is not allowed`,
        field,
      }
    }
    const child =
      key === undefined
        ? (container as unknown[])[index]
        : (container as Record<string, unknown>)[key]
    if (typeof child !== 'object' || child === null) continue
    if (frames.length >= maxDepth) {
      const field = pathOf(frames)
      return {
        code: 'too_deep',
        message: `${field}: arrays and objects nest deeper than ${maxDepth} levels`,
        field,
      }
    }
    frames.push(frameOf(child))
  }
  return undefined
}

/** The path to the item each frame is at, e.g. `e[0].pp.x`, its start when it is long. */
function pathOf(frames: Frame[]): string {
  const path = frames.map(({ keys, next }) => keys?.[next - 1] ?? next - 1)
  const field = fieldPath(path)
  return field.length > MAX_FIELD_CHARS ? `${field.slice(0, MAX_FIELD_CHARS)}…` : field
}
