/**
 * Test support: a real embedded warehouse in a fresh temporary directory. Removed on close.
 * One per test file: the engine binds one data directory per process.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWarehouse, type Warehouse } from './warehouse.js'

export interface TemporaryWarehouse extends Warehouse {
  dataDir: string
}

export function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'leadhouse-test-'))
}

export async function openTemporaryWarehouse(database = 'leadhouse'): Promise<TemporaryWarehouse> {
  const dataDir = temporaryDataDir()
  const warehouse = await openWarehouse({ dataDir, database })
  return {
    ...warehouse,
    dataDir,
    async close() {
      await warehouse.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Rows of `query` as objects (the tests' short name for `queryRows`). */
export { queryRows as rows } from './rows.js'
