import type { z } from 'zod'

/** One refused input: a machine code, a message naming the field, and the field. */
export interface Problem {
  code: string
  message: string
  field: string
}

/** `['e', 0, 'ts']` → `e[0].ts`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  )
}

/** The first issue of a zod error as a `Problem`, its field under `prefix`. */
export function firstProblem(
  error: z.ZodError,
  code: string,
  prefix: (string | number)[] = [],
): Problem {
  const [issue] = error.issues
  const field = fieldPath([...prefix, ...(issue?.path ?? [])])
  const message = issue ? `${field || 'body'}: ${issue.message}` : 'invalid input'
  return { code, message, field }
}
