import type { GraphNode } from './graph.js';
import { type ColumnProperties, type Project } from './project.js';
export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral';
export type IncrementalStrategy = 'append' | 'delete+insert';
export interface ModelConfig {
    materialized: Materialization;
    enabled: boolean;
    tags: string[];
    /** Custom schema: with the default generate_schema_name, `<target schema>_<schema>`. */
    schema?: string | undefined;
    /** The relation's name, when not the model's. */
    alias?: string | undefined;
    /** dbt-clickhouse: table engine, default `MergeTree()`. */
    engine: string;
    /** dbt-clickhouse: ORDER BY expression, default `tuple()`. */
    order_by: string | string[];
    partition_by?: string | string[] | undefined;
    primary_key?: string | string[] | undefined;
    /** dbt-clickhouse: table SETTINGS. */
    settings?: Record<string, unknown> | undefined;
    /** Settings of the INSERT and DELETE queries that build the model (dbt-clickhouse). */
    query_settings?: Record<string, unknown> | undefined;
    /** Incremental models: the key rows are replaced by. */
    unique_key?: string | string[] | undefined;
    /** Incremental models: `append`, or `delete+insert` (the default with a unique_key). */
    incremental_strategy?: IncrementalStrategy | undefined;
    /** false: an incremental model is never rebuilt, even with --full-refresh. */
    full_refresh?: boolean | undefined;
    [key: string]: unknown;
}
export interface TestConfig {
    severity: 'error' | 'warn';
    where?: string | undefined;
    enabled: boolean;
    tags: string[];
}
export interface CompiledNode extends GraphNode {
    /** ClickHouse database the node's relation lives in. */
    schema: string;
    /** The relation's name in `schema` (models and seeds). */
    alias: string;
    /** `` `schema`.`alias` ``; empty for tests and ephemeral models. */
    relationName: string;
    /** The file as written. */
    rawCode: string;
    /** Models: the SELECT, ephemeral CTEs included. Tests: the query of failing rows. */
    sql: string;
    /** Incremental models: the SELECT with `is_incremental()` true. */
    incrementalSql?: string;
    /** Models: `pre_hook` and `post_hook` statements, rendered as the model is. */
    hooks?: Hooks;
    /** Incremental models: the hooks with `is_incremental()` true. */
    incrementalHooks?: Hooks;
    config: ModelConfig | TestConfig | Record<string, unknown>;
    description: string;
    columns: ColumnProperties[];
    /** Seeds: the CSV text. */
    csv?: string;
    /** Tests: the model or seed tested, and its column. */
    attachedTo?: {
        uniqueId: string;
        column?: string | undefined;
    };
}
/** SQL run before and after a model's own statements (dbt's `pre_hook` and `post_hook`). */
export interface Hooks {
    pre: string[];
    post: string[];
}
export interface ModelNode extends CompiledNode {
    resourceType: 'model';
    config: ModelConfig;
}
/** What the compiled project runs against; `schema` is the ClickHouse database. */
export interface CompileTarget {
    name: string;
    schema: string;
    /** `profiles.yml` settings of the target, visible as `target.*`. */
    [key: string]: unknown;
}
export interface CompileOptions {
    target: CompileTarget;
    vars?: Record<string, unknown>;
    env?: NodeJS.ProcessEnv;
    runStartedAt?: Date;
}
export interface CompiledProject {
    name: string;
    /** Enabled seeds, models and tests, each after every node it depends on. */
    nodes: CompiledNode[];
    /** The project's macros, as the preamble of every template. */
    macros: string;
}
/** One problem found while compiling, located as precisely as is known. */
export interface CompileProblem {
    file: string;
    line?: number | undefined;
    model?: string | undefined;
    message: string;
}
/** Every compile problem of a project, reported together. */
export declare class CompileError extends Error {
    readonly problems: CompileProblem[];
    name: string;
    constructor(problems: CompileProblem[]);
}
/**
 * Renders every seed, model and test of `project` and orders them by their dependencies.
 * Pure: reads nothing but its arguments, so the same project and options always give the same
 * graph. Every problem is collected and thrown together as a CompileError.
 */
export declare function compileProject(project: Project, options: CompileOptions): CompiledProject;
/**
 * Puts ephemeral models in front of a query as CTEs; a query with its own WITH gets them
 * first in that list, as dbt does.
 */
export declare function injectCtes(sql: string, ctes: string[]): string;
/** Every node after the nodes it depends on; ties keep seeds, then models, then tests, in file order. */
export declare function orderNodes<T extends GraphNode>(nodes: T[]): T[];
