/**
 * Ephemeral models, as dbt has them: never built, each inlined as a CTE named
 * `__dbt__cte__<name>` into every query that refs it, so what refs one depends on what it refs.
 */
import type { ModelConfig } from './config.js'
import type { CompiledNode, ParsedModel } from './types.js'

/** The name a query reads an ephemeral model by. */
export function cteName(model: string): string {
  return `__dbt__cte__${model}`
}

/** An ephemeral model's rendered SELECT as the CTE its readers get. */
export function ephemeralCte(model: string, sql: string): string {
  return `${cteName(model)} as (\n${sql}\n)`
}

export function isEphemeral(node: CompiledNode): boolean {
  return node.resourceType === 'model' && (node.config as ModelConfig).materialized === 'ephemeral'
}

/**
 * The unique ids of the built nodes `refs` read from: an ephemeral model is inlined, never
 * built, so a model that refs it depends on what the ephemeral model refs, transitively.
 */
export function builtUpstream(
  refs: string[],
  parsed: Map<string, ParsedModel>,
  byName: Map<string, CompiledNode>,
): string[] {
  return refs.flatMap((ref) =>
    parsed.get(ref)?.config.materialized === 'ephemeral'
      ? builtUpstream(parsed.get(ref)?.refs ?? [], parsed, byName)
      : [(byName.get(ref) as CompiledNode).uniqueId],
  )
}

/**
 * The CTEs an ephemeral model needs, its own ephemeral upstreams first. `ctes` holds the CTE of
 * every ephemeral model rendered so far, by name.
 */
export function ephemeralChain(
  name: string,
  parsed: Map<string, ParsedModel>,
  ctes: Map<string, string>,
): string[] {
  const chain: string[] = []
  for (const ref of parsed.get(name)?.refs ?? [])
    if (ctes.has(ref)) chain.push(...ephemeralChain(ref, parsed, ctes))
  chain.push(ctes.get(name) as string)
  return chain
}

/**
 * Puts ephemeral models in front of a query as CTEs; a query with its own WITH gets them
 * first in that list, as dbt does.
 */
export function injectCtes(sql: string, ctes: string[]): string {
  if (ctes.length === 0) return sql
  const leadingWith = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*)with\s/i.exec(sql)
  if (leadingWith)
    return `${leadingWith[1]}with ${ctes.join(',\n')},\n${sql.slice(leadingWith[0].length)}`
  return `with ${ctes.join(',\n')}\n${sql}`
}
