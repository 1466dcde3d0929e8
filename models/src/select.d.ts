/**
 * dbt's node selection syntax (`--select` / `--exclude`), evaluated over the project graph the way
 * dbt-core evaluates it, so that commands written for dbt select the same nodes here:
 *
 * - each argument splits on spaces into union terms; a term splits on commas into criteria that
 *   intersect;
 * - a criterion is `[@][N+][method:]value[+N]`; without a method the value is a path if it has a
 *   slash, a file name if it ends in `.sql`/`.py`/`.csv`, and otherwise an fqn (a name, a dotted
 *   folder path or a project name, with fnmatch wildcards);
 * - every criterion then takes in the tests on any node it selected (dbt's default "eager"
 *   indirect selection), before its results are intersected, united and excluded.
 */
import type { GraphNode } from './graph.js';
export interface Selection {
    /** `--select` arguments as dbt receives them; none selects every node. */
    select?: string[];
    /** `--exclude` arguments, same syntax: what they select is removed. */
    exclude?: string[];
}
/** A selector that cannot be parsed or uses a method or value this runner does not know. */
export declare class SelectionError extends Error {
    name: string;
}
/**
 * Unique ids of the selected nodes, in the order of `nodes`, tests included. Throws SelectionError
 * for a malformed selector; one that matches nothing just selects nothing.
 */
export declare function selectNodes(nodes: readonly GraphNode[], selection: Selection): string[];
/**
 * The terms of `select` and `exclude` that match no node, for the warning dbt prints ("The
 * selection criterion 'x' does not match any enabled nodes"). Like dbt, a term is one
 * space-separated piece, and a comma intersection counts as unmatched when the intersection is
 * empty.
 */
export declare function unmatchedSelectors(nodes: readonly GraphNode[], selection: Selection): string[];
