/**
 * The raw tables' DDL on a single node or on a cluster. On a single node it renders exactly the
 * text the migrations always had (their recorded checksums depend on it); on a cluster a table
 * is `<name>_local` with a Replicated* engine on every shard and `<name>` a Distributed table
 * over it, both created ON CLUSTER, so the collector keeps inserting into `<name>`.
 */
import { distributedEngine, localName, onCluster, replicatedEngine } from '../cluster.js'

export interface TableDefinition {
  /** `\n    column Type,\n    ...\n`: the column list between the parentheses. */
  columns: string
  engine: string
  /** `PARTITION BY ...\nORDER BY ...`. */
  keys: string
  /**
   * The Distributed table's sharding key: a table that replaces or deletes rows by a key keeps
   * the rows of one key on one shard. Default `rand()`.
   */
  shardingKey?: string
}

export interface Ddl {
  /** `CREATE TABLE IF NOT EXISTS`: one statement, or the local and the Distributed tables. */
  createTable(name: string, table: TableDefinition): string[]
  /** An ALTER of the columns: of the local and the Distributed table on a cluster. */
  alterColumns(name: string, clauses: string): string[]
  /** An ALTER of the stored data or its settings: of the local table only on a cluster. */
  alterData(name: string, clauses: string): string[]
  /** The cluster, when there is one. */
  readonly cluster: string | undefined
}

/** The DDL of database `db` (quoted) on `cluster`, or on a single node without one. */
export function ddlFor(db: string, cluster?: string): Ddl {
  if (cluster === undefined) {
    return {
      cluster,
      createTable: (name, { columns, engine, keys }) => [
        `CREATE TABLE IF NOT EXISTS ${db}.${name}\n(${columns})\nENGINE = ${engine}\n${keys}`,
      ],
      alterColumns: (name, clauses) => [`ALTER TABLE ${db}.${name}${clauses}`],
      alterData: (name, clauses) => [`ALTER TABLE ${db}.${name}${clauses}`],
    }
  }
  const on = onCluster(cluster)
  return {
    cluster,
    createTable: (name, { columns, engine, keys, shardingKey }) => [
      `CREATE TABLE IF NOT EXISTS ${db}.${localName(name)}${on}\n(${columns})\nENGINE = ${replicatedEngine(engine)}\n${keys}`,
      `CREATE TABLE IF NOT EXISTS ${db}.${name}${on} AS ${db}.${localName(name)}\nENGINE = ${distributedEngine(cluster, db, localName(name), shardingKey)}`,
    ],
    alterColumns: (name, clauses) => [
      `ALTER TABLE ${db}.${localName(name)}${on}${clauses}`,
      `ALTER TABLE ${db}.${name}${on}${clauses}`,
    ],
    alterData: (name, clauses) => [`ALTER TABLE ${db}.${localName(name)}${on}${clauses}`],
  }
}
