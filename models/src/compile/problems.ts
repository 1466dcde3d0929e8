/**
 * Compile problems located by file, line and model. They are collected while compiling and
 * thrown together as one CompileError (errors.ts), as Dataform reports a project's compile errors.
 */
import { type CompileProblem, JinjaError } from '../errors.js'
import type { ProjectFile } from '../project.js'

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
