/** A dbt project as read from disk, before any Jinja is rendered. */
export interface Project {
    name: string;
    dir: string;
    /** The profile `profiles.yml` is read for. */
    profile: string;
    vars: Record<string, unknown>;
    /** Folder paths relative to the project, as dbt_project.yml names them. */
    paths: {
        models: string[];
        seeds: string[];
        macros: string[];
        tests: string[];
        target: string;
    };
    /** `models:` block of dbt_project.yml: folder-level config, keyed by project then folder. */
    modelConfig: Record<string, unknown>;
    /** `seeds:` block, the same shape. */
    seedConfig: Record<string, unknown>;
    /** `data_tests:` (or `tests:`) block, the same shape. */
    testConfig: Record<string, unknown>;
    models: ProjectFile[];
    seeds: ProjectFile[];
    macros: ProjectFile[];
    /** SQL files under the test paths: each a query returning failing rows. */
    singularTests: ProjectFile[];
    sources: SourceTable[];
    /** Properties of models and seeds from YAML, by name. */
    properties: Map<string, ResourceProperties>;
    /** `{% docs name %}` blocks from `.md` files, by name. */
    docs: Map<string, string>;
}
export interface ProjectFile {
    name: string;
    /** Path relative to the project directory, with forward slashes. */
    path: string;
    /** Folders between the resource path and the file: dbt's fqn without project and name. */
    folders: string[];
    /** The file's text: SQL, or a seed's CSV. */
    text: string;
}
/** A test as written in properties YAML: its name and its arguments. */
export interface TestDefinition {
    name: string;
    args: Record<string, unknown>;
}
export interface ColumnProperties {
    name: string;
    description: string;
    dataType?: string;
    tests: TestDefinition[];
}
export interface ResourceProperties {
    /** The YAML file that describes it. */
    file: string;
    description: string;
    config: Record<string, unknown>;
    columns: ColumnProperties[];
    tests: TestDefinition[];
}
export interface SourceTable {
    source: string;
    table: string;
    /** Unrendered schema expression from the YAML; default the source's name. */
    schema: string;
    identifier: string;
    description: string;
    columns: ColumnProperties[];
    tests: TestDefinition[];
    file: string;
}
/** A project file is unreadable or malformed; the message names the file (and line). */
export declare class ProjectError extends Error {
    name: string;
}
/**
 * Reads dbt_project.yml and everything it points to: models, seeds, macros, singular tests,
 * properties and sources YAML, and doc blocks.
 */
export declare function loadProject(dir: string): Project;
/** `file:line:col: invalid YAML: …` for a YAML syntax error, else undefined. */
export declare function yamlProblem(error: unknown, file: string): string | undefined;
export declare function isRecord(value: unknown): value is Record<string, unknown>;
