/**
 * A demo's data directory: one that `pnpm demo` made for itself, marked by `<stateDir>/demo.json`.
 * The mark is what lets the collector make one-time login links (nowhere else: a real
 * installation's directory has none), and what lets the demo start again on the directory
 * and reuse its data. A directory that holds anything and has no mark is never taken for one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const DEMO_MARK = 'demo.json'

/** What the mark says: when the demo made the directory, and what it generated there. */
export interface DemoMark {
  createdAt: string
  /** Set once the data is generated and the models built: a start after it reuses them. */
  ready?: {
    at: string
    events: number
    leads: number
    from: string
    to: string
  }
}

/** The directory is not a demo's, or its mark is broken; the message says which and what to do. */
export class DemoDirectoryError extends Error {
  override name = 'DemoDirectoryError'
}

/** The mark of a demo's directory, or undefined when `stateDir` has none. */
export function readDemoMark(stateDir: string): DemoMark | undefined {
  let text: string
  try {
    text = readFileSync(join(stateDir, DEMO_MARK), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const mark = JSON.parse(text) as DemoMark
    if (typeof mark.createdAt !== 'string') throw new Error('no createdAt')
    return mark
  } catch {
    throw new DemoDirectoryError(
      `${join(stateDir, DEMO_MARK)} is broken: delete the demo's directory to start afresh`,
    )
  }
}

export function writeDemoMark(stateDir: string, mark: DemoMark): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 })
  const file = join(stateDir, DEMO_MARK)
  // Whole or not at all: a mark cut short by a crash would refuse the next start.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(mark, null, 2)}\n`)
  renameSync(`${file}.tmp`, file)
}

/**
 * The mark of `dataDir` as a demo's: the one it has, or a new one when the directory does not
 * exist yet or is empty. A directory with files and no mark (a real installation's, or anything
 * else) is refused with a DemoDirectoryError, and left as it is.
 */
export function claimDemoDirectory(dataDir: string, stateDir: string): DemoMark {
  const mark = readDemoMark(stateDir)
  if (mark) return mark
  let entries: string[] = []
  try {
    entries = readdirSync(dataDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (entries.length > 0)
    throw new DemoDirectoryError(
      `${dataDir} holds files and is no demo's directory (no ${join(stateDir, DEMO_MARK)}): the demo uses a directory of its own; name an empty or new one`,
    )
  const created: DemoMark = { createdAt: new Date().toISOString() }
  writeDemoMark(stateDir, created)
  return created
}
