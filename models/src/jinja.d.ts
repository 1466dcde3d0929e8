/** A function callable from templates; keyword arguments arrive as a trailing object. */
export type JinjaFunction = (...args: unknown[]) => unknown;
/** A template failed to parse or render; `line` is 1-based within the file, when known. */
export declare class JinjaError extends Error {
    readonly line?: number | undefined;
    name: string;
    constructor(message: string, line?: number | undefined);
}
/**
 * Renders `source` with `context`, with the project's macros (`macros` is their source, see
 * `macroSource`) defined first. Functions given here receive plain JavaScript values: the
 * engine hands over lists, dicts and keyword arguments as its own runtime wrappers, and keyword
 * arguments (`config(materialized='table')`) as a trailing `Map`, which arrives as an object so
 * functions read like dbt's Python signatures. Errors are JinjaErrors with the line when known.
 */
export declare function renderJinja(source: string, context: Record<string, unknown>, macros?: string): string;
/**
 * The project's macro files as one preamble: dbt's `{% test name(...) %}` blocks become macros
 * named `test_name`, as dbt itself names them. Throws a JinjaError naming the file and line
 * for a macro file that does not parse.
 */
export declare function macroSource(files: readonly {
    path: string;
    text: string;
}[]): string;
/**
 * Where a template that does not parse goes wrong: the engine reports no positions, so each tag
 * is checked on its own and the block tags are matched up.
 */
export declare function locateSyntaxError(source: string): {
    line: number;
    message: string;
} | undefined;
