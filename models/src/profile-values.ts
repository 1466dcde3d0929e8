/**
 * A profile target's values rendered as dbt renders them: Jinja with `env_var`, and the filters
 * that set a value's type (`as_number`, `as_bool`, `as_text`, `as_native`).
 */
import { ProfileError } from './errors.js'
import { renderJinja } from './jinja.js'
import { isRecord } from './project.js'

/**
 * dbt's filters that set the type of a rendered value. The engine takes no custom filters, so
 * they are taken out before rendering and applied to the result, which is what dbt does too:
 * they only matter when the whole value is the one expression they end.
 */
const NATIVE_FILTERS = /\|\s*(as_number|as_bool|as_text|as_native)\b/g

type NativeFilter = 'as_number' | 'as_bool' | 'as_text' | 'as_native'

/** Renders a target's values with the Jinja dbt gives profiles. */
export class Renderer {
  private readonly context: Record<string, unknown>

  constructor(
    readonly file: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.context = {
      env_var: (name: unknown, ...rest: unknown[]) => {
        // Keyword arguments arrive as a trailing object: env_var('X', default='y').
        const last = rest.at(-1)
        const fallback = isRecord(last) && 'default' in last ? last.default : rest[0]
        const value = env[String(name)]
        if (value !== undefined) return value
        if (fallback !== undefined && fallback !== null) return fallback
        throw new Error(`env_var('${String(name)}') is not set and has no default`)
      },
    }
  }

  /** Every string inside `value`, rendered; `keyPath` names where it sits, for errors. */
  renderTree(value: unknown, keyPath: string): unknown {
    if (typeof value === 'string') return this.renderString(value, keyPath)
    if (Array.isArray(value)) {
      return value.map((item, index) => this.renderTree(item, `${keyPath}[${index}]`))
    }
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          this.renderTree(item, `${keyPath}.${key}`),
        ]),
      )
    }
    return value
  }

  private renderString(source: string, keyPath: string): unknown {
    // Text without tags is left alone, so that passwords are never reinterpreted.
    if (!/{[{%#]/.test(source)) return source
    const filter = source.match(/^{{[^}]*\|\s*(as_number|as_bool|as_text|as_native)\s*-?}}$/)?.[1]
    let rendered: string
    try {
      rendered = renderJinja(source.replace(NATIVE_FILTERS, ''), this.context)
    } catch (error) {
      throw new ProfileError(`${this.file}: ${keyPath}: ${(error as Error).message}`)
    }
    if (!filter) return rendered
    return nativeValue(rendered, filter as NativeFilter, `${this.file}: ${keyPath}`)
  }
}

function nativeValue(text: string, filter: NativeFilter, where: string): unknown {
  const number = numberOf(text)
  const boolean = booleanOf(text)
  switch (filter) {
    case 'as_text':
      return text
    case 'as_number':
      if (number === undefined) throw new ProfileError(`${where}: '${text}' is not a number`)
      return number
    case 'as_bool':
      if (boolean === undefined) throw new ProfileError(`${where}: '${text}' is not true or false`)
      return boolean
    case 'as_native':
      return number ?? boolean ?? (text.trim() === 'None' ? null : text)
  }
}

export function numberOf(text: string): number | undefined {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : undefined
}

export function booleanOf(text: string): boolean | undefined {
  const word = text.trim().toLowerCase()
  return word === 'true' ? true : word === 'false' ? false : undefined
}
