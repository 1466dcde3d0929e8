/**
 * dbt's artefacts in `target/`, with the fields tools read: `manifest.json` (the graph),
 * `run_results.json` (what the last command did), `compiled/` (each node's rendered SQL) and
 * `catalog.json` (`docs`: relations, their columns, types and descriptions).
 */

import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { CompiledNode, CompiledProject } from './compile/index.js'
import type { Project } from './project.js'
import type { NodeResult, RunResult } from './run.js'
import type { ModelVersion } from './versions.js'

const DBT_VERSION = '1.9.0'
const SCHEMAS = 'https://schemas.getdbt.com/dbt'

export interface ArtifactContext {
  project: Project
  compiled: CompiledProject
  invocationId: string
  generatedAt: Date
}

/** Where a node's compiled SQL is written: `target/compiled/<project>/<path>`. */
export function compiledPath(project: Project, node: CompiledNode): string {
  const file = node.resourceType === 'test' && node.attachedTo ? testFile(node) : node.path
  return join(project.paths.target, 'compiled', project.name, file)
}

function testFile(node: CompiledNode): string {
  return `${node.path.replace(/\.ya?ml$/, '')}/${node.name}.sql`
}

/** Writes each model's and test's rendered SQL under target/compiled. */
export function writeCompiled(context: ArtifactContext): void {
  for (const node of context.compiled.nodes) {
    if (node.resourceType === 'seed') continue
    const file = join(context.project.dir, compiledPath(context.project, node))
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${node.sql}\n`)
  }
}

export function manifest(context: ArtifactContext): Record<string, unknown> {
  const { project, compiled } = context
  const nodes: Record<string, unknown> = {}
  const parentMap: Record<string, string[]> = {}
  const childMap: Record<string, string[]> = {}
  for (const node of compiled.nodes) {
    parentMap[node.uniqueId] = node.dependsOn
    childMap[node.uniqueId] ??= []
    for (const parent of node.dependsOn) {
      childMap[parent] ??= []
      childMap[parent].push(node.uniqueId)
    }
    nodes[node.uniqueId] = {
      unique_id: node.uniqueId,
      resource_type: node.resourceType,
      name: node.name,
      package_name: project.name,
      path: node.path.split('/').slice(1).join('/'),
      original_file_path: node.path,
      fqn: node.fqn,
      database: '',
      schema: node.schema,
      alias: node.alias,
      relation_name: node.relationName || null,
      config: node.config,
      tags: node.tags,
      description: node.description,
      columns: Object.fromEntries(
        node.columns.map((column) => [
          column.name,
          {
            name: column.name,
            description: column.description,
            data_type: column.dataType ?? null,
            constraints: (column.constraints ?? []).map((type) => ({ type })),
            meta: {},
            tags: [],
          },
        ]),
      ),
      depends_on: { nodes: node.dependsOn, macros: [] },
      raw_code: node.rawCode,
      compiled: node.resourceType !== 'seed',
      compiled_code: node.resourceType === 'seed' ? null : node.sql,
      compiled_path: node.resourceType === 'seed' ? null : compiledPath(context.project, node),
      language: 'sql',
      // dbt's fields of a versioned model's node.
      ...versionFields(project.properties.get(node.name)?.version),
      ...(node.attachedTo
        ? { attached_node: node.attachedTo.uniqueId, column_name: node.attachedTo.column ?? null }
        : {}),
    }
  }
  const sources = Object.fromEntries(
    project.sources.map((source) => {
      const id = `source.${project.name}.${source.source}.${source.table}`
      return [
        id,
        {
          unique_id: id,
          resource_type: 'source',
          source_name: source.source,
          name: source.table,
          identifier: source.identifier,
          original_file_path: source.file,
          description: source.description,
          columns: Object.fromEntries(
            source.columns.map((c) => [c.name, { name: c.name, description: c.description }]),
          ),
        },
      ]
    }),
  )
  return {
    metadata: metadata(context, 'manifest/v12.json'),
    nodes,
    sources,
    macros: {},
    docs: Object.fromEntries(
      [...project.docs].map(([name, text]) => [
        `doc.${project.name}.${name}`,
        { name, block_contents: text },
      ]),
    ),
    exposures: {},
    metrics: {},
    parent_map: parentMap,
    child_map: childMap,
  }
}

export function runResults(
  context: ArtifactContext,
  command: string,
  run: RunResult,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const byId = new Map(context.compiled.nodes.map((node) => [node.uniqueId, node]))
  return {
    metadata: metadata(context, 'run-results/v6.json'),
    results: run.results.map((result: NodeResult) => {
      const node = byId.get(result.uniqueId)
      return {
        unique_id: result.uniqueId,
        status: result.status,
        timing:
          result.status === 'skipped'
            ? []
            : [{ name: 'execute', started_at: result.startedAt, completed_at: result.completedAt }],
        thread_id: result.threadId,
        execution_time: result.seconds,
        adapter_response: result.rows === undefined ? {} : { rows_affected: result.rows },
        message: result.message ?? null,
        failures: result.resourceType === 'test' ? (result.rows ?? null) : null,
        relation_name: result.relationName || null,
        compiled: node?.resourceType !== 'seed',
        compiled_code: node?.resourceType === 'seed' ? null : (node?.sql ?? null),
      }
    }),
    elapsed_time: run.seconds,
    args: { which: command, ...args },
  }
}

export interface CatalogColumn {
  name: string
  type: string
  index: number
  comment: string | null
}

/** `dbt docs generate`'s catalog, with each node's and column's description beside the types. */
export function catalog(
  context: ArtifactContext,
  columnsOf: (node: CompiledNode) => CatalogColumn[] | undefined,
): Record<string, unknown> {
  const nodes: Record<string, unknown> = {}
  for (const node of context.compiled.nodes) {
    if (node.resourceType === 'test') continue
    const described = new Map(node.columns.map((column) => [column.name, column.description]))
    const found = columnsOf(node) ?? []
    const columns = found.length
      ? found
      : node.columns.map((column, index) => ({
          name: column.name,
          type: column.dataType ?? '',
          index: index + 1,
          comment: null,
        }))
    nodes[node.uniqueId] = {
      unique_id: node.uniqueId,
      metadata: {
        type:
          node.resourceType === 'model' &&
          (node.config as { materialized?: string }).materialized === 'view'
            ? 'VIEW'
            : 'TABLE',
        schema: node.schema,
        name: node.alias,
        database: null,
        comment: null,
        owner: null,
      },
      description: node.description,
      columns: Object.fromEntries(
        columns.map((column) => [
          column.name,
          { ...column, description: described.get(column.name) ?? '' },
        ]),
      ),
      stats: {},
    }
  }
  return { metadata: metadata(context, 'catalog/v1.json'), nodes, sources: {}, errors: null }
}

export function writeArtifact(context: ArtifactContext, name: string, content: unknown): string {
  const file = join(context.project.dir, context.project.paths.target, name)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`)
  return file
}

function metadata(context: ArtifactContext, schema: string) {
  return {
    dbt_schema_version: `${SCHEMAS}/${schema}`,
    dbt_version: DBT_VERSION,
    generated_at: context.generatedAt.toISOString(),
    invocation_id: context.invocationId,
    adapter_type: 'clickhouse',
    project_name: context.project.name,
    env: {},
  }
}

/** `version` and `latest_version` of a version's node, as dbt's manifest has them. */
function versionFields(version: ModelVersion | undefined): Record<string, unknown> {
  return version ? { version: version.v, latest_version: version.latest } : {}
}
