/**
 * The runner's errors. Every refusal of the runner (a project, profile, template, selector, seed
 * or command line it cannot use, a project that does not compile) is a ModelsError, so a caller
 * tells them from anything unexpected with one `instanceof`; the subclass says which step
 * refused, and its message names the file, model or option at fault. As ky's errors, the
 * underlying error, when there is one, stays reachable as `cause`.
 *
 * The subclasses live beside the step that throws them: ProjectError (project.ts), ProfileError
 * (profiles.ts), JinjaError (jinja.ts), CompileError (compile/problems.ts), SelectionError
 * (select.ts), SeedError (seeds.ts), UsageError (cli.ts).
 */

/** Options of a ModelsError: the error it wraps, if any. */
export interface ModelsErrorOptions {
  cause?: unknown
}

/** The base of every error the runner throws on purpose. */
export class ModelsError extends Error {
  override name = 'ModelsError'
  constructor(message: string, options?: ModelsErrorOptions) {
    super(message, options)
  }
}
