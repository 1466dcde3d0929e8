import { describe, expect, it } from 'vitest'
import { parseArguments } from './cli.js'
import { compileProject } from './compile/index.js'
import {
  CompileError,
  JinjaError,
  ModelsError,
  ProjectError,
  SeedError,
  SelectionError,
  UsageError,
} from './errors.js'
import { renderJinja } from './jinja.js'
import { loadProject } from './project.js'
import { parseSeed } from './seed-csv.js'
import { selectNodes } from './select.js'
import { writeProject } from './test-project.js'

/** The error `run` throws; fails the test when it throws none. */
function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('ModelsError', () => {
  it('is the base of every refusal, each keeping its own class and name', () => {
    const cases: [unknown, new (...args: never[]) => Error, string][] = [
      [
        thrown(() => loadProject(writeProject({ 'dbt_project.yml': 'version: 2' }))),
        ProjectError,
        'ProjectError',
      ],
      [
        thrown(() =>
          compileProject(
            loadProject(writeProject({ 'models/a.sql': "select * from {{ ref('nope') }}" })),
            {
              target: { name: 'test', schema: 'analytics' },
              env: {},
            },
          ),
        ),
        CompileError,
        'CompileError',
      ],
      [thrown(() => renderJinja('{{ oops(', {})), JinjaError, 'JinjaError'],
      [thrown(() => selectNodes([], { select: ['bogus:x'] })), SelectionError, 'SelectionError'],
      [
        thrown(() =>
          parseSeed({
            name: 'empty',
            path: 'seeds/empty.csv',
            csv: '',
            schema: 'analytics',
            config: { column_types: {} },
          }),
        ),
        SeedError,
        'SeedError',
      ],
    ]
    for (const [error, type, name] of cases) {
      expect(error).toBeInstanceOf(type)
      expect(error).toBeInstanceOf(ModelsError)
      expect((error as Error).name).toBe(name)
    }
    const usage = thrown(() => parseArguments(['frobnicate']))
    expect(usage).toBeInstanceOf(UsageError)
    expect(usage).toBeInstanceOf(ModelsError)
    expect((usage as Error).name).toBe('UsageError')
  })

  it('keeps the error it wraps as its cause', () => {
    const error = thrown(() =>
      renderJinja('{{ fail() }}', {
        fail: () => {
          throw new RangeError('inner')
        },
      }),
    )
    expect(error).toBeInstanceOf(JinjaError)
    expect((error as Error).cause).toBeInstanceOf(RangeError)
  })
})
