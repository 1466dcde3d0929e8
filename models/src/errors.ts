/**
 * The runner's errors, in one place as ky keeps its own. Every refusal of the runner (a project,
 * profile, template, selector, seed or command line it cannot use, a project that does not
 * compile) is a ModelsError, so a caller tells them from anything unexpected with one
 * `instanceof`; the subclass says which step refused, and the message names the file, model or
 * option at fault (and the line, when known). The underlying error, when there is one, stays
 * reachable as `cause`.
 *
 * A node that fails while a project runs is no exception: it is a result with its message (see
 * run.ts), and its dependents are skipped.
 */

/** Options of a ModelsError: the error it wraps, if any. */
export interface ModelsErrorOptions {
  cause?: unknown
}

/**
 * The base of every error the runner throws on purpose.
 *
 * @example
 * try {
 *   await invoke({ command: 'build', projectDir })
 * } catch (error) {
 *   if (!(error instanceof ModelsError)) throw error // a bug, not a project to fix
 *   console.error(error.message) // names the file, model or option at fault
 * }
 */
export class ModelsError extends Error {
  override name = 'ModelsError'
  constructor(message: string, options?: ModelsErrorOptions) {
    super(message, options)
  }
}

/** A project file is unreadable or malformed; the message names the file (and line). */
export class ProjectError extends ModelsError {
  override name = 'ProjectError'
}

/** profiles.yml is missing or wrong; the message names the file, and the key or line. */
export class ProfileError extends ModelsError {
  override name = 'ProfileError'
}

/** A template failed to parse or render; `line` is 1-based within the file, when known. */
export class JinjaError extends ModelsError {
  override name = 'JinjaError'
  constructor(
    message: string,
    readonly line?: number,
    options?: ModelsErrorOptions,
  ) {
    super(message, options)
  }
}

/** One problem found while compiling, located as precisely as is known. */
export interface CompileProblem {
  file: string
  line?: number | undefined
  model?: string | undefined
  message: string
}

/** Every compile problem of a project, reported together. */
export class CompileError extends ModelsError {
  override name = 'CompileError'
  constructor(readonly problems: CompileProblem[]) {
    super(
      problems
        .map(
          (p) =>
            `${p.file}${p.line ? `:${p.line}` : ''}${p.model ? ` (${p.model})` : ''}: ${p.message}`,
        )
        .join('\n'),
    )
  }
}

/** A selector that cannot be parsed or uses a method or value this runner does not know. */
export class SelectionError extends ModelsError {
  override name = 'SelectionError'
}

/** A seed that cannot be loaded; the message names the file, and the line and column if known. */
export class SeedError extends ModelsError {
  override name = 'SeedError'
}

/** A command line that cannot be run; the CLI exits with code 2. */
export class UsageError extends ModelsError {
  override name = 'UsageError'
}

/**
 * A model's columns do not match its enforced contract (`contract: {enforced: true}`): the
 * message lists each missing or extra column and each type that differs, as dbt's does. Thrown
 * before anything replaces the model's relation, so the previous one stays.
 */
export class ContractError extends ModelsError {
  override name = 'ContractError'
}
