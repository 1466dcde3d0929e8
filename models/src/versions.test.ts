import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { invoke } from './commands.js'
import { compileProject } from './compile/index.js'
import { loadProject } from './project.js'
import { writeProject } from './test-project.js'

const opened = openTemporaryWarehouse('versions')
afterAll(async () => (await opened).close())

/**
 * `people` published twice: v1 with `email`, v2 renaming it `address` (the columns narrowed
 * with include/exclude and a column of its own), v1 still the latest; each with an enforced
 * contract; the latest pointed at by a view named `people`; readers of both.
 */
const PROJECT = {
  'models/people_v1.sql':
    "SELECT toUInt64(number) AS id, concat('p', toString(number), '@example.com') AS email FROM numbers(3)",
  'models/people_v2.sql':
    "SELECT toUInt64(number) AS id, concat('p', toString(number), '@example.com') AS address FROM numbers(3)",
  'models/reader_latest.sql': "SELECT count() AS n FROM {{ ref('people') }}",
  'models/reader_v2.sql': "SELECT count() AS n FROM {{ ref('people', v=2) }}",
  'models/people.yml': `version: 2
models:
  - name: people
    description: People, published as the BI views are.
    latest_version: 1
    config:
      materialized: view
      contract: {enforced: true}
      latest_version_pointer: {enabled: true}
    columns:
      - name: id
        data_type: UInt64
        data_tests: [unique]
      - name: email
        data_type: String
    versions:
      - v: 1
      - v: 2
        columns:
          - include: all
            exclude: [email]
          - name: address
            data_type: String
`,
}

describe('model versions', () => {
  it('compile each version from its file to <model>_v<v>, refs to the latest or the one asked for', () => {
    const project = loadProject(writeProject(PROJECT))
    const compiled = compileProject(project, { target: { name: 'dev', schema: 'versions' } })
    const byName = new Map(compiled.nodes.map((node) => [node.name, node]))
    expect(byName.get('people_v1')).toMatchObject({
      uniqueId: 'model.fixture.people.v1',
      relationName: '`versions`.`people_v1`',
    })
    expect(byName.get('people_v2')?.columns.map((c) => c.name)).toEqual(['id', 'address'])
    expect(byName.get('reader_latest')?.sql).toContain('`versions`.`people_v1`')
    expect(byName.get('reader_v2')?.sql).toContain('`versions`.`people_v2`')
    // Only the latest version's build points the unversioned name at it.
    expect(byName.get('people_v1')?.hooks?.post).toEqual([
      'CREATE OR REPLACE VIEW `versions`.`people` AS\nSELECT * FROM `versions`.`people_v1`',
    ])
    expect(byName.get('people_v2')?.hooks?.post).toEqual([])
    expect(compiled.nodes.filter((n) => n.resourceType === 'test').map((n) => n.name)).toEqual(
      expect.arrayContaining(['unique_people_v1_id', 'unique_people_v2_id']),
    )
  })

  it('selects every version by the model’s name, one by name.v<v> or its file’s name', async () => {
    const projectDir = writeProject(PROJECT)
    const listed = async (select: string) =>
      (
        await invoke({
          command: 'ls',
          projectDir,
          select: [select],
          warehouse: await opened,
          writeArtifacts: false,
        })
      ).listed
    expect(await listed('people')).toEqual(
      expect.arrayContaining(['fixture.people.v1', 'fixture.people.v2']),
    )
    expect(await listed('people.v2')).toEqual(['fixture.people.v2', 'fixture.unique_people_v2_id'])
    expect(await listed('people_v1')).toEqual(['fixture.people.v1', 'fixture.unique_people_v1_id'])
  })

  it('refuses two models building one relation', () => {
    const project = loadProject(
      writeProject({
        ...PROJECT,
        'models/people_again.sql': "{{ config(alias='people_v2') }} SELECT 1 AS id",
      }),
    )
    expect(() => compileProject(project, { target: { name: 'dev', schema: 'versions' } })).toThrow(
      /people_again and people_v2 both build `versions`.`people_v2`: give one another alias/,
    )
  })

  it('refuses a ref to a version that does not exist', () => {
    const project = loadProject(
      writeProject({
        ...PROJECT,
        'models/reader_v2.sql': "SELECT 1 FROM {{ ref('people', v=3) }}",
      }),
    )
    expect(() => compileProject(project, { target: { name: 'dev', schema: 'versions' } })).toThrow(
      /ref\('people', v=3\): people has versions 1, 2/,
    )
  })

  it('builds v1 and v2 side by side, each held to its own contract, and the pointer', async () => {
    const warehouse = await opened
    const result = await invoke({
      command: 'build',
      projectDir: writeProject(PROJECT),
      warehouse,
      writeArtifacts: false,
    })
    expect(
      result.run?.results.filter((r) => r.status !== 'success' && r.status !== 'pass'),
    ).toEqual([])
    expect(
      await rows(warehouse, 'SELECT email FROM versions.people_v1 ORDER BY id LIMIT 1'),
    ).toEqual([{ email: 'p0@example.com' }])
    expect(
      await rows(warehouse, 'SELECT address FROM versions.people_v2 ORDER BY id LIMIT 1'),
    ).toEqual([{ address: 'p0@example.com' }])
    expect(await rows(warehouse, 'SELECT email FROM versions.people ORDER BY id LIMIT 1')).toEqual([
      { email: 'p0@example.com' },
    ])
    expect(await rows(warehouse, 'SELECT n FROM versions.reader_v2')).toEqual([{ n: '3' }])
  })

  it('fails a version whose SQL drifts from its own columns, leaving the others', async () => {
    const warehouse = await opened
    const result = await invoke({
      command: 'run',
      projectDir: writeProject({
        ...PROJECT,
        // v2 written with v1's column: its contract says address.
        'models/people_v2.sql': "SELECT toUInt64(number) AS id, 'x' AS email FROM numbers(3)",
      }),
      warehouse,
      writeArtifacts: false,
    })
    const status = Object.fromEntries(result.run?.results.map((r) => [r.name, r.status]) ?? [])
    expect(status).toMatchObject({ people_v1: 'success', people_v2: 'error', reader_v2: 'skipped' })
    expect(result.run?.results.find((r) => r.name === 'people_v2')?.message).toMatch(
      /people_v2: This model has an enforced contract that failed[\s\S]*\| address +\| +\| String +\| missing in definition/,
    )
  })
})
