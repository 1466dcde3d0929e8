/**
 * `pnpm leadhouse backup <dir>` and `pnpm leadhouse restore <backup> [--data-dir <dir>]`: a copy
 * of the embedded installation's data directory (warehouse, keys, spool), taken only while no
 * process holds it, and put back into a new, empty directory. A running engine writes and
 * merges parts at any moment, so a copy taken under it is not consistent: both commands refuse
 * a directory in use and say what to do (docs/operations.md, "Backup and restore").
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { dataDirectoryOwner } from '@leadhouse/warehouse'
import { ConfigError, loadConfig } from './config.js'

export const BACKUP_USAGE = `usage: leadhouse backup <dir> [--data-dir DIR]
       leadhouse restore <backup dir> [--data-dir DIR]

  backup   copies the data directory (LEADHOUSE_DATA_DIR, or --data-dir) into <dir>, new or
           empty; the data directory must not be in use: stop Leadhouse first (SIGTERM)
  restore  copies a backup into the data directory, which must be new or empty`

/** Written into a backup: what it is a copy of. Left out when restoring. */
const MANIFEST = 'leadhouse-backup.json'

/** The engine's lock file: names the process that held the directory, never copied. */
const LOCK_FILE = 'status'

export interface BackupArguments {
  positionals: string[]
  'data-dir'?: string | undefined
}

/** Runs `backup` or `restore`; returns the exit code. */
export function runBackup(
  args: BackupArguments,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): number {
  const [command, target, ...rest] = args.positionals
  if ((command !== 'backup' && command !== 'restore') || !target || rest.length > 0) {
    print(BACKUP_USAGE)
    return 2
  }
  let dataDir: string
  try {
    const config = loadConfig(env)
    if (config.warehouse.url && !args['data-dir']) {
      print(
        `leadhouse: the warehouse is the ClickHouse server at ${config.warehouse.url}: back it up there (BACKUP DATABASE, see docs/operations.md); the data directory ${config.dataDir} then holds only keys and the spool`,
      )
      return 2
    }
    dataDir = args['data-dir'] ? resolve(args['data-dir']) : config.dataDir
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    print(`leadhouse: ${error.message}`)
    return 2
  }
  try {
    return command === 'backup'
      ? backup(dataDir, resolve(target), print)
      : restore(resolve(target), dataDir, print)
  } catch (error) {
    if (!(error instanceof BackupError)) throw error
    print(`leadhouse: ${error.message}`)
    return 1
  }
}

class BackupError extends Error {
  override name = 'BackupError'
}

function backup(dataDir: string, to: string, print: (line: string) => void): number {
  if (!existsSync(join(dataDir, 'metadata'))) {
    throw new BackupError(`${dataDir} holds no embedded warehouse: nothing to back up`)
  }
  refuseInUse(dataDir, 'back it up')
  refuseNonEmpty(to, 'the backup')
  if (isInside(to, dataDir)) {
    throw new BackupError(`the backup ${to} cannot be inside the data directory ${dataDir}`)
  }
  copy(dataDir, to, (path) => path !== LOCK_FILE)
  // Started meanwhile: the copy may hold half-written parts.
  if (dataDirectoryOwner(dataDir) !== undefined) {
    rmSync(to, { recursive: true, force: true })
    refuseInUse(dataDir, 'back it up')
  }
  const { files, bytes } = sizeOf(to)
  writeFileSync(
    join(to, MANIFEST),
    `${JSON.stringify({ from: dataDir, createdAt: new Date().toISOString(), files, bytes }, null, 2)}\n`,
  )
  print(`leadhouse: backed up ${dataDir} into ${to} (${files} files, ${megabytes(bytes)})`)
  print('  it holds the keys (leadhouse/keys.json): keep it as you keep them')
  return 0
}

function restore(from: string, dataDir: string, print: (line: string) => void): number {
  if (!existsSync(join(from, MANIFEST))) {
    throw new BackupError(`${from} is not a backup made by \`leadhouse backup\` (no ${MANIFEST})`)
  }
  refuseInUse(dataDir, 'restore into it')
  refuseNonEmpty(dataDir, 'the data directory to restore into')
  copy(from, dataDir, (path) => path !== MANIFEST)
  const manifest = JSON.parse(readFileSync(join(from, MANIFEST), 'utf8')) as { createdAt?: string }
  print(`leadhouse: restored the backup of ${manifest.createdAt ?? 'unknown date'} into ${dataDir}`)
  print(`  start Leadhouse on it: LEADHOUSE_DATA_DIR=${dataDir} pnpm start`)
  return 0
}

function refuseInUse(dataDir: string, what: string): void {
  const owner = dataDirectoryOwner(dataDir)
  if (owner !== undefined) {
    throw new BackupError(
      `the data directory ${dataDir} is in use by process ${owner}: stop it first (SIGTERM drains the spool), then ${what}; a copy taken while it runs is not consistent`,
    )
  }
}

function refuseNonEmpty(dir: string, what: string): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
    throw new BackupError(`${what} ${dir} must be a new or empty directory`)
  }
}

/** Copies `from` into `to` (made 0700: it holds the keys), keeping modes and times. */
function copy(from: string, to: string, keep: (path: string) => boolean): void {
  mkdirSync(to, { recursive: true, mode: 0o700 })
  cpSync(from, to, {
    recursive: true,
    preserveTimestamps: true,
    filter: (source) => keep(relative(from, source)),
  })
}

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    files += 1
    bytes += statSync(join(entry.parentPath, entry.name)).size
  }
  return { files, bytes }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`
}
