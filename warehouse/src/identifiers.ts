// Identifiers cannot be query parameters in ClickHouse DDL, so every database or table name
// that reaches SQL text passes through here first: validated, then backquoted.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Throws unless `name` is a plain ClickHouse identifier (letters, digits, underscore). */
export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) {
    throw new TypeError(
      `${what} ${JSON.stringify(name)} is not a valid name: use letters, digits and underscores, not starting with a digit`,
    )
  }
  return name
}

/** `events` → `` `events` `` after validation. */
export function quoteIdentifier(name: string): string {
  return `\`${assertIdentifier(name)}\``
}

/** `leadhouse`, `events` → `` `leadhouse`.`events` ``. */
export function qualifiedName(database: string, table: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(table)}`
}
