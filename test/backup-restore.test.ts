/**
 * Backup and restore of the embedded installation, as docs/operations.md tells an operator: a
 * data directory with raw data and built marts is refused while its Leadhouse runs, backed up
 * once it is stopped, restored into a new directory, and the restored one holds the same rows
 * in every table, keeps its keys private, and starts.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { describe, expect, it } from 'vitest'
import { ROOT, runLeadhouseCli, spawnCollector } from './support/collector.js'

/** Runs `node --import tsx <args>` from the checkout; its exit code and output. */
async function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, output }
}

async function digests(dataDir: string): Promise<Record<string, { rows: string; digest: string }>> {
  const { code, output } = await run(['test/support/table-digests.ts', dataDir])
  expect(code, output).toBe(0)
  return JSON.parse(output)
}

describe('leadhouse backup and restore', () => {
  it('copies a stopped installation into a new directory with the same rows in every table', async () => {
    const original = temporaryDataDir()
    const env = {
      LEADHOUSE_DATA_DIR: original,
      LEADHOUSE_ADMIN_KEY: 'lh_admin_backup-test-0123456789',
    }
    const generated = await run(
      ['generate/src/cli.ts', '--events', '3000', '--seed', '3', '--days', '20'],
      env,
    )
    expect(generated.code, generated.output).toBe(0)

    const readKey = await runLeadhouseCli(['keys', 'create', '--role', 'read', '--name', 'bi'], env)
    expect(readKey.code, readKey.output).toBe(0)

    // Running: events arrive into its spool, the marts are built, and a backup is refused.
    const leadhouse = spawnCollector({ env, spool: 'default' })
    const url = await leadhouse.serving
    const ids = Array.from({ length: 20 }, () => randomUUID())
    const sent = await fetch(`${url}/e`, {
      method: 'POST',
      body: JSON.stringify({
        s: 'demo',
        e: ids.map((i) => ({
          i,
          t: 'pageview',
          ts: Date.now(),
          a: 'backup',
          u: 'https://acme.test/',
          p: '/',
        })),
      }),
    })
    expect(sent.status).toBe(202)
    const built = await fetch(`${url}/api/v1/models/run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${env.LEADHOUSE_ADMIN_KEY}`,
        'content-type': 'application/json',
      },
      body: '{}',
    })
    expect(built.status, await built.clone().text()).toBe(200)
    const backupDir = join(temporaryDataDir(), 'backup')
    const refused = await runLeadhouseCli(['backup', backupDir], env)
    expect(refused.code).toBe(1)
    expect(refused.output).toContain(
      `the data directory ${original} is in use by process ${leadhouse.child.pid}: stop it first`,
    )
    // Stopped with SIGTERM: the spool is drained into the warehouse first.
    expect(await leadhouse.stop(), leadhouse.output()).toBe(0)

    const backedUp = await runLeadhouseCli(['backup', backupDir], env)
    expect(backedUp.code, backedUp.output).toBe(0)
    expect(backedUp.output).toContain(`backed up ${original} into ${backupDir}`)

    const restored = temporaryDataDir()
    const restoring = await runLeadhouseCli(['restore', backupDir, '--data-dir', restored], env)
    expect(restoring.code, restoring.output).toBe(0)
    const again = await runLeadhouseCli(['restore', backupDir, '--data-dir', restored], env)
    expect(again.code).toBe(1)
    expect(again.output).toContain(
      `the data directory to restore into ${restored} must be a new or empty directory`,
    )

    const before = await digests(original)
    const after = await digests(restored)
    expect(after).toEqual(before)
    // Raw data, the events sent while it ran, and the marts are all there.
    for (const table of [
      'events',
      'crm_events',
      'campaign_costs',
      'leads',
      'activity_log',
      'lead_scores',
    ]) {
      expect(Number(before[table]?.rows), table).toBeGreaterThan(0)
    }
    // The keys file came along, readable by its owner only, as it was.
    expect(statSync(join(restored, 'leadhouse', 'keys.json')).mode & 0o777).toBe(0o600)

    // The restored directory is an installation that starts.
    const restarted = spawnCollector({
      env: { ...env, LEADHOUSE_DATA_DIR: restored },
      spool: 'default',
    })
    await restarted.serving
    expect(await restarted.stop(), restarted.output()).toBe(0)
  }, 240_000)
})
