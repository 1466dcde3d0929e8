/**
 * Start-up for the end-to-end tests: a collector in this process (`startTestCollector`), or
 * Leadhouse as a user starts it, a child process of `collector/src/main.ts` (`spawnCollector`),
 * and the `leadhouse` CLI (`runLeadhouseCli`). Each starts on loopback at a free port, with
 * scheduled model builds off and a spool of its own, and is cleaned up after the file's tests.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  type CollectorConfig,
  configFromEnv,
  type RunningCollector,
  startCollector,
} from '@leadhouse/collector'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll } from 'vitest'

/** The checkout: the child processes run from it, as `pnpm start` does. */
export const ROOT = join(import.meta.dirname, '..', '..')

/** What every test collector starts with: any free port, no scheduled model builds. */
const TEST_ENV = { PORT: '0', LEADHOUSE_MODELS_INTERVAL: '0' }

export interface TestCollectorOptions {
  /** Settings as the environment names them, over any free port, no scheduled builds and a temporary spool. */
  env?: Record<string, string>
  /**
   * The warehouse's data directory: a temporary one unless given (a second collector in the
   * same process shares the first's: the embedded engine binds one per process).
   */
  dataDir?: string
  /** Resolved settings to replace: keys, sites, rate limits, timeouts. */
  config?: Partial<CollectorConfig>
}

export interface TestCollector extends RunningCollector {
  /** The warehouse's data directory. */
  dataDir: string
}

/**
 * A collector in this process on temporary data, state and spool directories, logging nothing.
 * `close()` stops it and removes the directories it made.
 *
 * @example
 * const collector = await startTestCollector({ config: { adminKeys: [ADMIN_KEY] } })
 * afterAll(() => collector.close())
 */
export async function startTestCollector(
  options: TestCollectorOptions = {},
): Promise<TestCollector> {
  const made: string[] = []
  const temporary = () => {
    const dir = temporaryDataDir()
    made.push(dir)
    return dir
  }
  const dataDir = options.dataDir ?? temporary()
  const collector = await startCollector({
    config: {
      ...configFromEnv({ ...TEST_ENV, LEADHOUSE_SPOOL_DIR: temporary(), ...options.env }),
      warehouse: { dataDir },
      stateDir: temporary(),
      ...options.config,
    },
    log: () => {},
  })
  return {
    ...collector,
    dataDir,
    async close() {
      await collector.close()
      for (const dir of made) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface SpawnCollectorOptions {
  /** Settings as the environment names them: `LEADHOUSE_DATA_DIR` and the like. */
  env?: Record<string, string>
  /**
   * `temporary` (the default) sets `LEADHOUSE_SPOOL_DIR` to a new temporary directory;
   * `default` leaves the spool where an installation keeps it, in the data directory.
   */
  spool?: 'temporary' | 'default'
}

export interface SpawnedCollector {
  child: ChildProcess
  /** The base URL, once every start-up line is printed; rejects if the process exits first. */
  serving: Promise<string>
  /** The exit code, once the process has exited and its output is read to the end. */
  exited: Promise<number | null>
  /** Standard output and error as they came, so far. */
  output(): string
  stdout(): string
  stderr(): string
  /** Sends SIGTERM (a clean stop drains the spool) and waits for the exit. */
  stop(): Promise<number | null>
}

const running = new Set<ChildProcess>()
// A test that fails half-way leaves no collector running behind it.
afterAll(() => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * `node --import tsx collector/src/main.ts` from the checkout, as `pnpm start` runs it, with
 * only PATH and HOME of this environment.
 *
 * @example
 * const leadhouse = spawnCollector({ env: { LEADHOUSE_DATA_DIR: temporaryDataDir() } })
 * const url = await leadhouse.serving
 * expect(await leadhouse.stop()).toBe(0)
 */
export function spawnCollector(options: SpawnCollectorOptions = {}): SpawnedCollector {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...TEST_ENV,
      ...(options.spool === 'default' ? {} : { LEADHOUSE_SPOOL_DIR: temporaryDataDir() }),
      ...options.env,
    },
  })
  running.add(child)
  let output = ''
  let stdout = ''
  let stderr = ''
  // 'close' rather than 'exit': the output is complete only once the streams are closed.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      running.delete(child)
      resolve(code)
    }),
  )
  const serving = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk
      stdout += chunk
      // The last line it prints at start-up names the model-build endpoint.
      const match = /curl -X POST (http:\/\/127\.0\.0\.1:\d+)\/api\/v1\/models\/run/.exec(stdout)
      if (match?.[1]) resolve(match[1])
    })
    child.stderr?.on('data', (chunk) => {
      output += chunk
      stderr += chunk
    })
    void exited.then((code) =>
      reject(new Error(`collector exited (${code}) before serving:\n${output}`)),
    )
  })
  // A start expected to fail is awaited through `exited` alone.
  serving.catch(() => undefined)
  return {
    child,
    serving,
    exited,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/**
 * `pnpm leadhouse <args>` (`collector/src/cli.ts`) from the checkout, with only PATH and HOME
 * of this environment plus `env`: its exit code and its output (standard output and error).
 */
export function runLeadhouseCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/src/cli.ts', ...args], {
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
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })))
}
