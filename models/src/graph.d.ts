/**
 * The project graph as the runner plans with it: every seed, model and test is a node with
 * dbt's unique id (`model.<project>.<name>`, `seed.<project>.<name>`, `test.<project>.<name>`),
 * its fqn and its parents. Selection, ordering, execution and dbt's artefacts all work on this.
 */
/** Sources are read, never built: they appear only as the parents of their tests. */
export type ResourceType = 'model' | 'seed' | 'test' | 'source';
export interface GraphNode {
    /** dbt's unique id, e.g. `model.leadhouse.activity_log`. */
    uniqueId: string;
    resourceType: ResourceType;
    name: string;
    /** dbt's fully qualified name: project, folders below the resource path, name. */
    fqn: string[];
    /** File path relative to the project directory, forward slashes (`models/marts/x.sql`). */
    path: string;
    tags: string[];
    /** Unique ids of the nodes this one reads from (refs; a test's tested model). */
    dependsOn: string[];
}
