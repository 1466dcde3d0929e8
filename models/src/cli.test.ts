/**
 * `leadhouse-models` as a dbt user runs it: a child process on a copy of the jaffle_shop
 * project, with its own embedded data directory, dbt's output and exit codes.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArguments } from './cli.js'

const BIN = join(import.meta.dirname, '..', 'bin', 'leadhouse-models.js')
const SOURCE = join(import.meta.dirname, '..', 'test-projects', 'jaffle_shop')

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jaffle-cli-'))
  cpSync(SOURCE, dir, { recursive: true })
  return dir
}

function cli(args: string[], dataDir = mkdtempSync(join(tmpdir(), 'lh-data-'))) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LEADHOUSE_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  })
  // Lines without dbt's time stamp, for stable assertions.
  const lines = stdout.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/, ''))
  return { status, lines, stdout, stderr }
}

describe('leadhouse-models', () => {
  it('builds a project with a progress line per node and a summary, and exits 0', () => {
    const project = copyProject()
    const { status, lines } = cli([
      'build',
      '--project-dir',
      project,
      '--profiles-dir',
      project,
      '--threads',
      '2',
      '--vars',
      '{"payment_methods": ["credit_card", "coupon", "bank_transfer", "gift_card"]}',
    ])
    expect(lines).toContain("Concurrency: 2 threads (target='embedded')")
    expect(
      lines.some((l) =>
        /^\d+ of 28 OK loaded seed file jaffle_shop\.raw_orders \.+ \[INSERT 9 in \d+\.\d\ds\]$/.test(
          l,
        ),
      ),
    ).toBe(true)
    expect(
      lines.some((l) =>
        /^\d+ of 28 OK created sql table model jaffle_shop\.customers \.+ \[5 rows in \d+\.\d\ds\]$/.test(
          l,
        ),
      ),
    ).toBe(true)
    expect(
      lines.some((l) =>
        /^\d+ of 28 PASS unique_customers_customer_id \.+ \[PASS in \d+\.\d\ds\]$/.test(l),
      ),
    ).toBe(true)
    expect(lines).toContain('Completed successfully')
    expect(lines).toContain('Done. PASS=28 WARN=0 ERROR=0 SKIP=0 TOTAL=28')
    expect(status).toBe(0)
  })

  it('exits 1 when a test fails, naming the test, its failing rows and its compiled SQL', () => {
    const project = copyProject()
    writeFileSync(
      join(project, 'seeds/raw_payments.csv'),
      'id,order_id,payment_method,amount\n1,1,credit_card,1000\n2,1,cash,500\n',
    )
    const { status, lines } = cli(['build', '--project-dir', project, '--select', '+stg_payments'])
    expect(lines).toContain('Completed with 1 error and 0 warnings:')
    expect(lines).toContain(
      'Failure in test accepted_values_stg_payments_c7909fb19b1f0177c2bf99c7912f06ef (models/staging/schema.yml)',
    )
    expect(lines).toContain('  Got 1 result, configured to error if != 0')
    expect(lines).toContain(
      '  compiled code at target/compiled/jaffle_shop/models/staging/schema/accepted_values_stg_payments_c7909fb19b1f0177c2bf99c7912f06ef.sql',
    )
    expect(status).toBe(1)
  })

  it('reports every compile error at once with file, line and model, and exits 2', () => {
    const project = copyProject()
    writeFileSync(join(project, 'models/staging/broken.sql'), "select * from {{ ref('nope') }}")
    writeFileSync(join(project, 'models/marts/broken_jinja.sql'), 'select\n{% if %}1')
    const { status, lines } = cli(['compile', '--project-dir', project])
    expect(lines).toContain('Encountered 2 errors:')
    expect(lines).toContain(
      '  models/marts/broken_jinja.sql:2 (broken_jinja): Jinja syntax error: in {% if %}: Unexpected token: CloseStatement',
    )
    expect(lines).toContain(
      "  models/staging/broken.sql (broken): ref('nope') names no model or seed in this project",
    )
    expect(status).toBe(2)
  })

  it('lists selected nodes, one per line and nothing else', () => {
    const { status, stdout } = cli([
      'ls',
      '--project-dir',
      copyProject(),
      '-s',
      'resource_type:seed',
    ])
    expect(stdout).toBe(
      'jaffle_shop.raw_customers\njaffle_shop.raw_orders\njaffle_shop.raw_payments\n',
    )
    expect(status).toBe(0)
  })
})

describe('parseArguments', () => {
  it('reads dbt options, several specs after one --select', () => {
    expect(
      parseArguments([
        'run',
        '--project-dir=/p',
        '-s',
        'stg_a',
        '+marts',
        '--exclude',
        'tag:slow',
        '--full-refresh',
        '--target',
        'server',
        '--threads',
        '4',
      ]),
    ).toEqual({
      command: 'run',
      projectDir: '/p',
      select: ['stg_a', '+marts'],
      exclude: ['tag:slow'],
      fullRefresh: true,
      target: 'server',
      threads: 4,
    })
  })

  it('names what is wrong with a command line', () => {
    expect(() => parseArguments(['deploy'])).toThrow(/^unknown command "deploy"/)
    expect(() => parseArguments(['run', '--threads', 'many'])).toThrow(
      '--threads: must be a whole number of at least 1, got many',
    )
    expect(() => parseArguments(['run', '--vars', '[1, 2]'])).toThrow(/^--vars: must be a mapping/)
    expect(() => parseArguments(['run', '--select'])).toThrow('--select needs a value')
    expect(() => parseArguments(['run', '--colour'])).toThrow(/^unknown option "--colour"/)
  })
})
