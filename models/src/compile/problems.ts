/**
 * Compile problems: each located by file, line and model, collected while compiling and thrown
 * together, as Dataform reports a project's compile errors.
 */
import { ModelsError } from '../errors.js'
import { JinjaError } from '../jinja.js'
import type { ProjectFile } from '../project.js'

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

/** `error`, thrown while compiling `file`, as a problem of that file (with its line if known). */
export function located(file: ProjectFile, error: unknown): CompileProblem {
  return {
    file: file.path,
    ...(error instanceof JinjaError && error.line ? { line: error.line } : {}),
    model: file.name,
    message: messageOf(error),
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
