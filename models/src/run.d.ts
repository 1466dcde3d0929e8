import { type Warehouse } from '@leadhouse/warehouse';
import type { CompiledNode, CompiledProject } from './compile.js';
import { type MaterializeOptions } from './materializations.js';
/** dbt's statuses: models and seeds succeed or fail, tests pass, warn or fail. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';
export interface NodeResult {
    uniqueId: string;
    name: string;
    resourceType: CompiledNode['resourceType'];
    /** view, table, incremental, seed or test. */
    materialized: string;
    status: NodeStatus;
    seconds: number;
    /** Rows in the built table or seed; failing rows of a test. */
    rows?: number;
    /** Why it failed, or which failed node it depended on. */
    message?: string;
    relationName: string;
    startedAt: string;
    completedAt: string;
    threadId: string;
}
export interface RunResult {
    results: NodeResult[];
    seconds: number;
    /** True when nothing errored or failed (warnings are fine). */
    success: boolean;
}
export interface RunOptions extends MaterializeOptions {
    /** Nodes run at once; a node starts once everything it depends on is done. Default 1. */
    threads?: number;
    /** Unique ids to run; default all. Nodes outside the set are assumed built. */
    only?: ReadonlySet<string>;
    /** Called when a node starts, for progress output; `index` is 1-based in the run's order. */
    onNodeStart?: (node: CompiledNode, index: number, total: number) => void;
    /** Called after each node, for progress output. */
    onNodeDone?: (result: NodeResult, index: number, total: number) => void;
}
/**
 * Runs the project's nodes: seeds load, models build, tests count their failing rows. Up to
 * `threads` at once, each after everything it depends on. A node whose upstream failed is
 * skipped, and so are the models downstream of a failing test of their parent, as `dbt build`
 * does; the rest of the graph goes on.
 */
export declare function runProject(compiled: CompiledProject, warehouse: Warehouse, options?: RunOptions): Promise<RunResult>;
export interface TableColumn {
    name: string;
    type: string;
    position: number;
    comment: string;
}
/** A table's columns as system.columns lists them, in order. */
export declare function tableColumns(warehouse: Warehouse, schema: string, table: string): Promise<TableColumn[]>;
