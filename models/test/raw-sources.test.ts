/**
 * The models' `sources:` against the raw tables as the migrations make them: every table and
 * column the YAML names exists, and every column of a source table is described, so that the
 * docs (`catalog.json`, BI tools) and the DDL cannot drift apart unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const STAGING = join(import.meta.dirname, '..', 'models', 'staging')

/** Tables of the database that are deliberately no source: no model reads them. */
const NOT_SOURCES: Record<string, string> = {
  rejected_events: 'refused input, kept for inspection by operators',
  installation: "the warehouse's id, for the collector's spool",
  schema_migrations: 'the migrations applied',
}

interface SourcesFile {
  sources?: {
    name: string
    tables?: {
      name: string
      identifier?: string
      columns?: { name: string; description?: string }[]
    }[]
  }[]
}

/** Every source table of the YAML files under `staging/`, wherever they sit. */
function sourceTables() {
  const files = readdirSync(STAGING, { recursive: true, encoding: 'utf8' }).filter((file) =>
    /\.ya?ml$/.test(file),
  )
  return files.flatMap((file) => {
    const yaml = parse(readFileSync(join(STAGING, file), 'utf8')) as SourcesFile | null
    return (yaml?.sources ?? []).flatMap((source) =>
      (source.tables ?? []).map((table) => ({
        file,
        source: source.name,
        table: table.identifier ?? table.name,
        columns: table.columns ?? [],
      })),
    )
  })
}

describe("the models' sources", () => {
  const opened = openTemporaryWarehouse()
  afterAll(async () => (await opened).close())

  it('name only tables and columns the migrations make, and describe every column', async () => {
    const warehouse = await opened
    await migrate(warehouse)
    const columns = await rows<{ table: string; name: string }>(
      warehouse,
      "SELECT table, name FROM system.columns WHERE database = 'leadhouse' ORDER BY table, position",
    )
    const tables = new Map<string, string[]>()
    for (const { table, name } of columns) tables.set(table, [...(tables.get(table) ?? []), name])
    const sources = sourceTables()
    expect(sources.map((source) => source.source)).toEqual(sources.map(() => 'leadhouse'))
    // Every table is a source or deliberately none.
    expect(sources.map((source) => source.table).sort()).toEqual(
      [...tables.keys()].filter((table) => !(table in NOT_SOURCES)).sort(),
    )
    for (const { file, table, columns: described } of sources) {
      // The table's columns in its order: none missing, none the table lacks.
      expect(
        described.map((column) => column.name),
        `${file}: the columns of ${table}`,
      ).toEqual(tables.get(table))
      expect(
        described.filter((column) => !column.description?.trim()).map((column) => column.name),
        `${file}: columns of ${table} without a description`,
      ).toEqual([])
    }
  })
})
