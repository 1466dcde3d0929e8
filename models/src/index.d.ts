import type { Warehouse } from '@leadhouse/warehouse';
import type { RunOptions, RunResult } from './run.js';
export { COMMANDS, type Command, type InvokeOptions, type InvokeResult, invoke, type Plan, } from './commands.js';
export { type CompiledNode, type CompiledProject, CompileError, type CompileProblem, compileProject, type ModelNode, } from './compile.js';
export { materializationStatements } from './materializations.js';
export { loadProject, type Project, ProjectError } from './project.js';
export { type NodeResult, type RunResult, runProject } from './run.js';
/** The dbt project shipped with Leadhouse. */
export declare const LEADHOUSE_PROJECT_DIR: string;
export interface BuildModelsOptions extends Pick<RunOptions, 'onNodeStart' | 'onNodeDone'> {
    warehouse: Warehouse;
    /** Default: Leadhouse's own project. */
    projectDir?: string;
    vars?: Record<string, unknown>;
    /** Rebuild incremental models from scratch. */
    fullRefresh?: boolean;
    /** Nodes built at once, each after everything it depends on. Default 4, as profiles.yml's. */
    threads?: number;
}
/**
 * `build` (seeds, models, tests) of a project in the warehouse's database. Writes no target/
 * directory: the collector's package folder need not be writable.
 */
export declare function buildModels(options: BuildModelsOptions): Promise<RunResult>;
