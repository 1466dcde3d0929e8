import type { CompiledNode, CompiledProject } from './compile.js';
import type { Project } from './project.js';
import type { RunResult } from './run.js';
export interface ArtifactContext {
    project: Project;
    compiled: CompiledProject;
    invocationId: string;
    generatedAt: Date;
}
/** Where a node's compiled SQL is written: `target/compiled/<project>/<path>`. */
export declare function compiledPath(project: Project, node: CompiledNode): string;
/** Writes each model's and test's rendered SQL under target/compiled. */
export declare function writeCompiled(context: ArtifactContext): void;
export declare function manifest(context: ArtifactContext): Record<string, unknown>;
export declare function runResults(context: ArtifactContext, command: string, run: RunResult, args: Record<string, unknown>): Record<string, unknown>;
export interface CatalogColumn {
    name: string;
    type: string;
    index: number;
    comment: string | null;
}
/** `dbt docs generate`'s catalog, with each node's and column's description beside the types. */
export declare function catalog(context: ArtifactContext, columnsOf: (node: CompiledNode) => CatalogColumn[] | undefined): Record<string, unknown>;
export declare function writeArtifact(context: ArtifactContext, name: string, content: unknown): string;
