import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBackup } from './backup-cli.js'

const dir = () => mkdtempSync(join(tmpdir(), 'leadhouse-backup-'))

function run(positionals: string[], env: NodeJS.ProcessEnv = {}, dataDir?: string) {
  const lines: string[] = []
  const code = runBackup({ positionals, 'data-dir': dataDir }, env, (line) => lines.push(line))
  return { code, output: lines.join('\n') }
}

describe('leadhouse backup and restore, refusals', () => {
  it('prints the usage without a target', () => {
    expect(run(['backup'])).toMatchObject({
      code: 2,
      output: expect.stringMatching(/^usage: leadhouse backup <dir>/),
    })
    expect(run(['restore', 'a', 'b']).code).toBe(2)
  })

  it('sends a server installation to BACKUP DATABASE', () => {
    const result = run(['backup', dir()], {
      CLICKHOUSE_URL: 'http://ch:8123',
      LEADHOUSE_DATA_DIR: dir(),
    })
    expect(result.code).toBe(2)
    expect(result.output).toContain(
      'the warehouse is the ClickHouse server at http://ch:8123: back it up there (BACKUP DATABASE',
    )
  })

  it('refuses a directory without a warehouse, a backup that is not empty or inside the data directory', () => {
    const empty = dir()
    expect(run(['backup', join(dir(), 'b')], {}, empty)).toEqual({
      code: 1,
      output: `leadhouse: ${empty} holds no embedded warehouse: nothing to back up`,
    })
    const data = dir()
    mkdirSync(join(data, 'metadata'))
    const full = dir()
    writeFileSync(join(full, 'x'), '')
    expect(run(['backup', full], {}, data).output).toBe(
      `leadhouse: the backup ${full} must be a new or empty directory`,
    )
    expect(run(['backup', join(data, 'copy')], {}, data).output).toBe(
      `leadhouse: the backup ${join(data, 'copy')} cannot be inside the data directory ${data}`,
    )
  })

  it('restores only a backup it made, into an empty directory', () => {
    const notBackup = dir()
    expect(run(['restore', notBackup], {}, dir()).output).toBe(
      `leadhouse: ${notBackup} is not a backup made by \`leadhouse backup\` (no leadhouse-backup.json)`,
    )
  })
})
