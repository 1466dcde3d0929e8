import type { ModelConfig, ModelNode } from './compile.js';
/** What already stands where the model is built. */
export type ExistingRelation = 'table' | 'view' | undefined;
export interface MaterializeOptions {
    /** `--full-refresh`: incremental models are rebuilt from scratch (unless `full_refresh: false`). */
    fullRefresh?: boolean;
    /**
     * The existing table's columns: incremental inserts name them, so the model's columns land by
     * name, not by position (a reordered SELECT would otherwise fill the wrong columns).
     */
    targetColumns?: string[];
}
/**
 * An incremental build's new rows, standing in a side table built from the model's query: the
 * runner compares the table's columns with the target's when `on_schema_change` asks for it
 * (before anything is deleted), then runs `apply` only if there are rows. Comparing a built
 * table, as dbt does, runs the query once; a DESCRIBE first would analyse it twice, and analysing
 * evaluates its scalar subqueries (what changed since the last build). An empty side table needs
 * no DELETE, which is a mutation of every part of the target even when it matches nothing.
 */
export interface NewRows {
    newRows: {
        schema: string;
        table: string;
    };
    compareColumns: boolean;
    /** The DELETE of the rows they replace and the INSERT. */
    apply: string[];
}
/** A statement to run, or new rows to look at. */
export type Step = string | NewRows;
/** `on_schema_change` with dbt's default. */
export declare function schemaChangePolicy(config: ModelConfig): 'ignore' | 'fail' | 'sync_all_columns';
/**
 * The steps that build `node`, in order, with dbt-clickhouse's semantics:
 * - `view`: CREATE OR REPLACE VIEW.
 * - `table`: built beside the old one and swapped in with EXCHANGE TABLES, so readers never see
 *   it half-built and a failed build leaves the previous table in place.
 * - `incremental`: the first build (and `--full-refresh`) as a table; later runs render the
 *   model with `is_incremental()` true and `append` its rows, or with `delete+insert` load them
 *   into a side table, delete the rows with the same `unique_key` and insert the new ones.
 * Ephemeral models are never built: they are inlined into their dependents at compile time.
 */
export declare function materializationStatements(node: ModelNode, existing: ExistingRelation, options?: MaterializeOptions): Step[];
/**
 * Whether `node` is built onto its existing table (dbt's `is_incremental()`): an incremental
 * model whose table stands, unless `--full-refresh` rebuilds it (and `full_refresh: false` does
 * not forbid that).
 */
export declare function buildsIncrementally(node: ModelNode, existing: ExistingRelation, options?: MaterializeOptions): boolean;
/** `append` unless a unique_key asks for `delete+insert`. */
export declare function strategyOf(config: ModelConfig): 'append' | 'delete+insert';
/** The model built as a new table and swapped in (a table model, or an incremental one's rebuild). */
export declare function tableStatements(node: ModelNode, existing: ExistingRelation): string[];
