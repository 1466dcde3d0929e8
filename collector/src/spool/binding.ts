import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs'
import { mkdir, readFile, rename, rmdir, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { listSegments } from './segments.js'

/**
 * A spool belongs to one warehouse: the events in it were acknowledged for that warehouse and
 * must reach no other. A marker file in the spool directory names the warehouse's installation
 * id (stored in the warehouse itself, see `storage/installation.ts`); a collector opening a
 * spool that names another warehouse refuses to start instead of replaying its events.
 */
export const SPOOL_MARKER = 'warehouse.json'

/** Where spools lived before they moved into the data directory (under the working directory). */
export const LEGACY_SPOOL_DIR = '.leadhouse/spool'
/** The data directory that went with LEGACY_SPOOL_DIR by default. */
const LEGACY_DATA_DIR = '.leadhouse/data'

/** The warehouse a spool is opened for. */
export interface SpoolOwner {
  /** The warehouse's installation id. */
  id: string
  /** For people: `embedded ClickHouse in /srv/leadhouse/data, database leadhouse`. */
  description: string
}

interface Marker {
  warehouseId: string
  warehouse: string
}

/** The spool was written for another warehouse; the message names both and what to do. */
export class SpoolBindingError extends Error {
  override name = 'SpoolBindingError'
}

/**
 * Makes sure `dir` is this warehouse's spool: marks a spool without a marker (a new one, or one
 * written before markers) as this warehouse's, and throws a `SpoolBindingError` for a spool
 * marked for another warehouse.
 */
export async function bindSpool(
  dir: string,
  owner: SpoolOwner,
  log: (line: string) => void,
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const marker = await readMarker(dir)
  if (marker) {
    if (marker.warehouseId === owner.id) return
    const segments = (await listSegments(dir)).length
    throw new SpoolBindingError(
      segments > 0
        ? `the spool ${dir} holds ${segments} segment(s) of unsent events for warehouse ${marker.warehouseId} (${marker.warehouse}), not for this one, ${owner.id} (${owner.description}): start the collector on that warehouse to deliver them, or give this one its own spool (unset LEADHOUSE_SPOOL_DIR to use the one in its data directory)`
        : `the spool ${dir} belongs to warehouse ${marker.warehouseId} (${marker.warehouse}), not to this one, ${owner.id} (${owner.description}): it holds no unsent events; delete ${join(dir, SPOOL_MARKER)} to use it for this warehouse, or give this one its own spool (unset LEADHOUSE_SPOOL_DIR to use the one in its data directory)`,
    )
  }
  const segments = (await listSegments(dir)).length
  if (segments > 0)
    log(
      `spool: ${dir} holds ${segments} segment(s) written before spools named their warehouse; they go to this one, ${owner.description}`,
    )
  await writeMarker(dir, { warehouseId: owner.id, warehouse: owner.description })
}

/**
 * The spool's default moved from `.leadhouse/spool` under the working directory into the data
 * directory. Unsent events left in the old one by an earlier version are moved into the new one
 * when they were evidently written for this warehouse: the old spool names it, or it names none
 * and the data directory is the old default beside it (the pair an earlier version used out of
 * the box). Otherwise they stay where they are, and the start says so and what to do: which
 * warehouse they were acknowledged for cannot be told. Call before `bindSpool`, for the default
 * spool only.
 */
export async function adoptLegacySpool(options: {
  /** The spool directory in use (the default one in the data directory). */
  dir: string
  dataDir: string
  owner: SpoolOwner
  log: (line: string) => void
  cwd?: string
}): Promise<void> {
  const cwd = options.cwd ?? process.cwd()
  const legacy = resolve(cwd, LEGACY_SPOOL_DIR)
  if (legacy === resolve(options.dir)) return
  const old = await segmentsIn(legacy)
  if (old.length === 0) return
  const marker = await readMarker(legacy)
  const ours = marker
    ? marker.warehouseId === options.owner.id
    : resolve(options.dataDir) === resolve(cwd, LEGACY_DATA_DIR)
  const current = await segmentsIn(options.dir)
  const shown = relative(cwd, legacy) || legacy
  if (!ours || current.length > 0) {
    options.log(
      `warning: ${shown} (the spool's old default place) holds ${old.length} segment(s) of unsent events that this collector does not read${marker ? `: they are for warehouse ${marker.warehouseId} (${marker.warehouse})` : ''}. To deliver them, start once with LEADHOUSE_SPOOL_DIR=${legacy} on the warehouse they were sent to (stopped with SIGTERM, it drains the spool); to discard them, delete ${shown}`,
    )
    return
  }
  await mkdir(options.dir, { recursive: true })
  // Segment names carry their writer's id, so they cannot clash with the new spool's.
  for (const { name } of old) await rename(join(legacy, name), join(options.dir, name))
  syncDirectory(options.dir)
  options.log(
    `spool: moved ${old.length} segment(s) of unsent events from ${shown}, the spool's old default place, to ${options.dir}`,
  )
  if (marker) await rename(join(legacy, SPOOL_MARKER), join(legacy, `${SPOOL_MARKER}.moved`))
  await rmdir(legacy).catch(() => undefined)
}

/** The segments in `dir`, without creating it as `listSegments` does. */
async function segmentsIn(dir: string): Promise<{ name: string }[]> {
  return existsSync(dir) ? listSegments(dir) : []
}

async function readMarker(dir: string): Promise<Marker | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, SPOOL_MARKER), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as Marker).warehouseId !== 'string'
  )
    throw new SpoolBindingError(
      `${join(dir, SPOOL_MARKER)} does not name a warehouse: restore it, or delete it if this spool belongs to this warehouse`,
    )
  return parsed as Marker
}

/** Written whole or not at all (a temporary file renamed over it), and synced. */
async function writeMarker(dir: string, marker: Marker): Promise<void> {
  const temporary = join(dir, `${SPOOL_MARKER}.tmp`)
  await writeFile(temporary, `${JSON.stringify(marker, null, 2)}\n`, { flush: true })
  await rename(temporary, join(dir, SPOOL_MARKER))
  syncDirectory(dir)
}

/** A rename is durable once its directory is synced. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
