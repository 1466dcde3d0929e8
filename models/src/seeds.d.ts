import { type Warehouse } from '@leadhouse/warehouse';
import type { ExistingRelation } from './materializations.js';
export interface SeedConfig {
    /** Column name -> ClickHouse type, overriding inference (dbt `column_types`). */
    column_types: Record<string, string>;
    /** Field separator; default `,`. */
    delimiter?: string | undefined;
    /**
     * Accepted for dbt compatibility. Column names are always backquoted: ClickHouse identifiers
     * are case-sensitive quoted or not, so quoting only lets names with spaces or symbols through.
     */
    quote_columns?: boolean | undefined;
    /** dbt-clickhouse: table engine, default `MergeTree()`. */
    engine?: string | undefined;
    /** dbt-clickhouse: ORDER BY expression or columns, default `tuple()` (MergeTree engines only). */
    order_by?: string | string[] | undefined;
    /** dbt-clickhouse: PARTITION BY expression or columns. */
    partition_by?: string | string[] | undefined;
}
export interface SeedFile {
    /** The table's name in `schema`. */
    name: string;
    /** Relative to the project, for messages. */
    path: string;
    csv: string;
    /** ClickHouse database the table lives in. */
    schema: string;
    config: SeedConfig;
}
export interface SeedColumn {
    name: string;
    /** ClickHouse type: inferred, or the `column_types` override as written. */
    type: string;
}
export interface SeedTable {
    columns: SeedColumn[];
    /**
     * One object per CSV row, keyed by column name, holding the JSON the table's columns read:
     * Int64 as decimal strings (exact past 2^53, as the warehouse returns them), Float64 as
     * numbers, Bool as booleans, dates and times as their text, null for empty cells. Columns
     * typed by `column_types` hold the text as written, for ClickHouse to convert.
     */
    rows: Record<string, unknown>[];
    /** The CSV line each row starts on, for messages. */
    lines: number[];
}
/** A seed that cannot be loaded; the message names the file, and the line and column if known. */
export declare class SeedError extends Error {
    name: string;
}
/**
 * Parses and types the CSV.
 * @throws SeedError naming the file, the line and the column of bad input.
 */
export declare function parseSeed(seed: SeedFile): SeedTable;
/**
 * Loads the seed: built as `<name>__dbt_new` beside the existing table and swapped in, so a
 * failed load keeps the old one. The table's comment is a fingerprint of the file and of the
 * statements that loaded it: a seed whose table already has the fingerprint is not loaded again
 * (it would come out the same), unless `reload` (`--full-refresh`) asks for it.
 * @returns the number of rows in the seed.
 * @throws SeedError for bad input, or with the warehouse's reason prefixed by the seed's path.
 */
export declare function loadSeed(warehouse: Warehouse, seed: SeedFile, options?: {
    reload?: boolean;
}): Promise<number>;
export interface SeedStatements {
    /** Clear what an interrupted load left, then create the table(s) the rows go into. */
    prepare: string[];
    /** Where the rows are inserted: the new table, or a text table when columns are cast. */
    insertInto: string;
    /** With `column_types`: convert the text table into the new table, checking every value. */
    cast: string[];
    /** Put the new table in place of the old one and drop the old. */
    swap: string[];
    /** After a failure: drop the tables this load created; the old table is untouched. */
    cleanup: string[];
    /** Of the file and the statements: the new table's comment. */
    fingerprint: string;
}
/**
 * The statements that load a seed with `columns` (from `parseSeed`) where `existing` stands,
 * with dbt-clickhouse's table DDL. Columns typed by `column_types` go through a text table and
 * `accurateCast`: inserted directly, ClickHouse would wrap 300 into a UInt8 as 44 and could not
 * read Bool or Array from a JSON string.
 */
export declare function seedStatements(seed: SeedFile, columns: SeedColumn[], existing: ExistingRelation): SeedStatements;
