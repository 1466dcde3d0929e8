/**
 * What stands in the warehouse: the relations of each schema, cached for a run, and a table's
 * columns.
 */
import { onCluster, quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'
import type { ExistingRelation } from './materializations.js'

/**
 * What stands in each schema, listed once per schema and kept up to date as the run builds, as
 * dbt's relation cache does: one query per schema instead of one per model.
 */
export class RelationCache {
  private readonly listing = new Map<string, Promise<void>>()
  private readonly relations = new Map<string, ExistingRelation>()
  /** Relations a failed build may have left in any state: asked about again. */
  private readonly uncertain = new Set<string>()

  constructor(private readonly warehouse: Warehouse) {}

  /** Creates the schema if needed and lists what stands in it. */
  ensureSchema(schema: string): Promise<void> {
    let listed = this.listing.get(schema)
    if (!listed) {
      listed = this.list(schema)
      this.listing.set(schema, listed)
    }
    return listed
  }

  async get(schema: string, name: string): Promise<ExistingRelation> {
    const key = `${schema}.${name}`
    if (this.uncertain.has(key)) {
      const result = await this.warehouse.client.query({
        query:
          'SELECT engine FROM system.tables WHERE database = {schema:String} AND name = {name:String}',
        query_params: { schema, name },
        format: 'JSONEachRow',
      })
      const [row] = await result.json<{ engine: string }>()
      this.uncertain.delete(key)
      this.relations.set(key, row ? relationOf(row.engine) : undefined)
    }
    return this.relations.get(key)
  }

  set(schema: string, name: string, relation: ExistingRelation): void {
    this.uncertain.delete(`${schema}.${name}`)
    this.relations.set(`${schema}.${name}`, relation)
  }

  forget(schema: string, name: string): void {
    this.uncertain.add(`${schema}.${name}`)
  }

  private async list(schema: string): Promise<void> {
    await this.warehouse.client.command({
      query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(schema)}${onCluster(this.warehouse.cluster)}`,
    })
    const result = await this.warehouse.client.query({
      query: 'SELECT name, engine FROM system.tables WHERE database = {schema:String}',
      query_params: { schema },
      format: 'JSONEachRow',
    })
    for (const { name, engine } of await result.json<{ name: string; engine: string }>())
      this.relations.set(`${schema}.${name}`, relationOf(engine))
  }
}

function relationOf(engine: string): ExistingRelation {
  return engine === 'View' ? 'view' : 'table'
}

export interface TableColumn {
  name: string
  type: string
  position: number
  comment: string
}

/** A table's columns as system.columns lists them, in order. */
export async function tableColumns(
  warehouse: Warehouse,
  schema: string,
  table: string,
): Promise<TableColumn[]> {
  const result = await warehouse.client.query({
    query: `SELECT name, type, position, comment FROM system.columns
            WHERE database = {schema:String} AND table = {table:String} ORDER BY position`,
    query_params: { schema, table },
    format: 'JSONEachRow',
  })
  const columns = await result.json<TableColumn & { position: string | number }>()
  return columns.map((column) => ({ ...column, position: Number(column.position) }))
}
