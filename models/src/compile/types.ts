/**
 * What compiling a project produces: the graph's nodes with their rendered SQL and config, and
 * what compiling reads besides the project (the target, vars, environment, clock).
 */
import type { GraphNode } from '../graph.js'
import type { ColumnProperties, ProjectFile } from '../project.js'
import type { ModelConfig, TestConfig } from './config.js'

export interface CompiledNode extends GraphNode {
  /** ClickHouse database the node's relation lives in. */
  schema: string
  /** The relation's name in `schema` (models and seeds). */
  alias: string
  /** `` `schema`.`alias` ``; empty for tests and ephemeral models. */
  relationName: string
  /** The file as written. */
  rawCode: string
  /** Models: the SELECT, ephemeral CTEs included. Tests: the query of failing rows. */
  sql: string
  /** Incremental models: the SELECT with `is_incremental()` true. */
  incrementalSql?: string
  /** Models: `pre_hook` and `post_hook` statements, rendered as the model is. */
  hooks?: Hooks
  /** Incremental models: the hooks with `is_incremental()` true. */
  incrementalHooks?: Hooks
  config: ModelConfig | TestConfig | Record<string, unknown>
  description: string
  columns: ColumnProperties[]
  /** Seeds: the CSV text. */
  csv?: string
  /**
   * Views with an enforced contract, once it is checked: the view's columns as DDL, with their
   * types and descriptions as comments (`(name Type COMMENT '...', ...) COMMENT '...'`), so BI
   * tools reading `system.columns` see the descriptions.
   */
  columnDefinitions?: string
  /** Tests: the model or seed tested, and its column. */
  attachedTo?: { uniqueId: string; column?: string | undefined }
}

/** SQL run before and after a model's own statements (dbt's `pre_hook` and `post_hook`). */
export interface Hooks {
  pre: string[]
  post: string[]
}

export interface ModelNode extends CompiledNode {
  resourceType: 'model'
  config: ModelConfig
}

/** What the compiled project runs against; `schema` is the ClickHouse database. */
export interface CompileTarget {
  name: string
  schema: string
  /** `profiles.yml` settings of the target, visible as `target.*`. */
  [key: string]: unknown
}

export interface CompileOptions {
  target: CompileTarget
  vars?: Record<string, unknown>
  env?: NodeJS.ProcessEnv
  runStartedAt?: Date
}

export interface CompiledProject {
  name: string
  /** Enabled seeds, models and tests, each after every node it depends on. */
  nodes: CompiledNode[]
  /** The project's macros, as the preamble of every template. */
  macros: string
}

/** A model after the parse pass: its file, its config, and the names it refs, in order. */
export interface ParsedModel {
  file: ProjectFile
  config: ModelConfig
  refs: string[]
}
