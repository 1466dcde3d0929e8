import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { invoke } from './commands.js'
import type { ModelConfig } from './compile/index.js'
import { compileProject, type ModelNode } from './compile/index.js'
import {
  columnDefinitions,
  contractColumns,
  contractFailure,
  contractMismatches,
  contractProblem,
} from './contracts.js'
import { materializationStatements } from './materializations.js'
import { loadProject } from './project.js'
import { writeProject } from './test-project.js'

const opened = openTemporaryWarehouse('contracts')
afterAll(async () => (await opened).close())

const enforced = { contract: { enforced: true } } as unknown as ModelConfig

describe('contractMismatches', () => {
  const declared = [
    { name: 'id', type: 'UInt64', notNull: true },
    { name: 'email', type: 'String', notNull: false },
    { name: 'score', type: 'Decimal(18, 2)', notNull: false },
  ]

  it('finds nothing when names and types agree, in any order', () => {
    expect(
      contractMismatches(declared, [
        { name: 'score', type: 'Decimal(18, 2)' },
        { name: 'email', type: 'String' },
        { name: 'id', type: 'UInt64' },
      ]),
    ).toEqual([])
  })

  it('lists a missing column, an extra one, a type drift and a Nullable not_null column', () => {
    const mismatches = contractMismatches(declared, [
      { name: 'id', type: 'Nullable(UInt64)' },
      { name: 'score', type: 'Float64' },
      { name: 'mail', type: 'String' },
    ])
    expect(mismatches.map(({ column, reason }) => `${column}: ${reason}`)).toEqual([
      'id: data type mismatch',
      'email: missing in definition',
      'score: data type mismatch',
      'mail: missing in contract',
    ])
    const message = contractFailure('people', mismatches)
    expect(message).toContain('people: This model has an enforced contract that failed.')
    expect(message).toContain(
      '| score       | Float64          | Decimal(18, 2) | data type mismatch    |',
    )
  })

  it('refuses NULLs where the contract says not_null', () => {
    expect(
      contractMismatches(
        [{ name: 'id', type: 'Nullable(UInt64)', notNull: true }],
        [{ name: 'id', type: 'Nullable(UInt64)' }],
      ),
    ).toMatchObject([{ column: 'id', reason: 'nullable' }])
  })
})

describe('contractProblem', () => {
  it('wants a data_type on every column of an enforced contract', () => {
    expect(
      contractProblem(enforced, [
        { name: 'id', description: '', dataType: 'UInt64', tests: [] },
        { name: 'email', description: '', tests: [] },
      ]),
    ).toBe('the contract is enforced: each column needs a data_type (missing on email)')
    expect(contractProblem(enforced, [])).toMatch(/declares no columns/)
  })

  it('refuses a constraint the engine cannot hold, and not_null on a Nullable type', () => {
    const column = { name: 'id', description: '', dataType: 'UInt64', tests: [] }
    expect(contractProblem(enforced, [{ ...column, constraints: ['primary_key'] }])).toMatch(
      /constraint type 'primary_key' is not supported/,
    )
    expect(
      contractProblem(enforced, [
        { ...column, dataType: 'Nullable(UInt64)', constraints: ['not_null'] },
      ]),
    ).toMatch(/is Nullable, but its constraints say not_null/)
  })

  it('leaves models without an enforced contract alone', () => {
    expect(contractProblem({} as ModelConfig, [])).toBeUndefined()
  })
})

const PROPERTIES = (materialized: string) => `version: 2
models:
  - name: people_${materialized}
    config:
      materialized: ${materialized}
      ${materialized === 'incremental' ? 'unique_key: id' : ''}
      contract: {enforced: true}
    columns:
      - name: id
        description: The person's id, as C:\\ writes it
        data_type: UInt64
        constraints: [{type: not_null}]
      - name: email
        data_type: String
      - name: score
        data_type: Decimal(18,2)
`
const GOOD =
  "SELECT toUInt64(number) AS id, concat('p', toString(number), '@example.com') AS email, toDecimal64(number, 2) AS score FROM numbers(3)"

describe('a contracted view’s DDL', () => {
  it('declares the columns with their types and descriptions, quotes escaped (golden file)', () => {
    const project = loadProject(
      writeProject({ 'models/people_view.sql': GOOD, 'models/people.yml': PROPERTIES('view') }),
    )
    const [node] = compileProject(project, { target: { name: 'dev', schema: 'bi' } }).nodes as [
      ModelNode,
    ]
    const contracted = {
      ...node,
      columnDefinitions: columnDefinitions(node, contractColumns(node.columns)),
    }
    const text = `${materializationStatements(contracted, 'view').join(';\n\n')};\n`
    const file = join(import.meta.dirname, '__golden__', 'view__contract.sql')
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text)
    expect(text).toBe(readFileSync(file, 'utf8'))
  })
})

describe.each(['view', 'table', 'incremental'])('an enforced contract on a %s', (materialized) => {
  it('builds a model that keeps it, and fails one that drifts, leaving the old relation', async () => {
    const warehouse = await opened
    const dir = writeProject({
      [`models/people_${materialized}.sql`]: GOOD,
      'models/people.yml': PROPERTIES(materialized),
    })
    const build = () =>
      invoke({ command: 'run', projectDir: dir, warehouse, writeArtifacts: false })
    const first = await build()
    expect(first.run?.results.map((r) => r.status)).toEqual(['success'])
    const relation = first.run?.results[0]?.relationName as string
    // The relation takes the contract's order, whatever the SELECT's.
    writeFileSync(
      join(dir, `models/people_${materialized}.sql`),
      "SELECT toDecimal64(number, 2) AS score, concat('p', toString(number), '@example.com') AS email, toUInt64(number) AS id FROM numbers(3)",
    )
    expect((await build()).success).toBe(true)
    expect(
      Object.keys((await rows(warehouse, `SELECT * FROM ${relation} LIMIT 1`))[0] ?? {}),
    ).toEqual(['id', 'email', 'score'])

    if (materialized === 'view')
      // A view's columns carry their descriptions, for BI tools reading system.columns.
      expect(
        await rows(
          warehouse,
          "SELECT name, comment FROM system.columns WHERE database = 'contracts' AND table = 'people_view' ORDER BY position",
        ),
      ).toEqual([
        { name: 'id', comment: "The person's id, as C:\\ writes it" },
        { name: 'email', comment: '' },
        { name: 'score', comment: '' },
      ])

    const drifts: [string, RegExp][] = [
      [
        'SELECT toUInt64(number) AS id, toString(number) AS mail, toDecimal64(number, 2) AS score FROM numbers(5)',
        /\| mail +\| String +\| +\| missing in contract/,
      ],
      [
        'SELECT toUInt64(number) AS id, toString(number) AS email, toFloat64(number) AS score FROM numbers(5)',
        /\| score +\| Float64 +\| Decimal\(18, 2\) +\| data type mismatch/,
      ],
      [
        'SELECT toUInt64(number) AS id, toString(number) AS email, toDecimal64(number, 2) AS score, 1 AS extra FROM numbers(5)',
        /\| extra +\| UInt8 +\| +\| missing in contract/,
      ],
      [
        'SELECT toNullable(toUInt64(number)) AS id, toString(number) AS email, toDecimal64(number, 2) AS score FROM numbers(5)',
        /\| id +\| Nullable\(UInt64\) +\| UInt64 +\| data type mismatch/,
      ],
    ]
    for (const [sql, line] of drifts) {
      writeFileSync(join(dir, `models/people_${materialized}.sql`), sql)
      const failed = await build()
      expect(failed.success).toBe(false)
      const message = failed.run?.results[0]?.message ?? ''
      expect(message).toContain(
        `people_${materialized}: This model has an enforced contract that failed.`,
      )
      expect(message).toMatch(line)
      // The old relation is untouched: its three rows and its columns.
      expect(await rows(warehouse, `SELECT id, email FROM ${relation} ORDER BY id`)).toEqual([
        { id: '0', email: 'p0@example.com' },
        { id: '1', email: 'p1@example.com' },
        { id: '2', email: 'p2@example.com' },
      ])
    }
  })
})
