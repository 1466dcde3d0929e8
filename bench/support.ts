/**
 * What the benches that measure in a child process share. The embedded engine binds one data
 * directory per process, so a bench that opens a warehouse runs its own module again as a child,
 * which prints its figures as the last line of its stdout, one JSON object.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Warehouse } from '@leadhouse/warehouse'

/** Generated events a bench builds on when `BENCH_EVENTS` is not set. */
export const DEFAULT_EVENTS = 1_000_000

/** `BENCH_EVENTS`, the volume the parent hands its child. */
export function benchEvents(): number {
  return Number(process.env.BENCH_EVENTS ?? DEFAULT_EVENTS)
}

/** Whether the module at `moduleUrl` is the one node was started with (a bench's child, a script). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href
}

/** In the child: its events argument; a clear exit (2) if it is no whole number. */
export function childEvents(bench: string): number {
  const events = Number(process.argv[2] ?? DEFAULT_EVENTS)
  if (!Number.isInteger(events) || events < 1) {
    console.error(`${bench}: BENCH_EVENTS must be a whole number, got ${process.argv[2]}`)
    process.exit(2)
  }
  return events
}

/**
 * Runs the module at `moduleUrl` as a child (`node --import tsx <module> <args>`) and answers
 * the JSON of its last line. The child is killed after `timeoutMs`: a bench must end. `bench`
 * names it in errors, `timeoutHint` how to give it longer.
 */
export async function runInChild<T>(
  moduleUrl: string,
  args: (string | number)[],
  options: { bench: string; timeoutMs: number; timeoutHint?: string },
): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(moduleUrl), ...args.map(String)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, options.timeoutMs)
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearTimeout(timer)
  const line = output.trim().split('\n').pop() ?? ''
  if (code !== 0 || !line.startsWith('{'))
    throw new Error(
      timedOut
        ? `the ${options.bench} took more than ${options.timeoutMs / 60_000} minutes${options.timeoutHint ? ` (${options.timeoutHint})` : ''}: killed`
        : `the ${options.bench} exited with ${code ?? 'a signal'}: ${output.trim()}`,
    )
  return JSON.parse(line) as T
}

/**
 * Waits until the engine has no merge or mutation running: a build's tables keep merging their
 * parts in the background after it returns, on the same cores. Counted in the build's time, so
 * each build pays for its own merges rather than the next one for them. Gives up after 5 min.
 */
export async function settled(warehouse: Warehouse): Promise<void> {
  const deadline = performance.now() + 5 * 60_000
  while (performance.now() < deadline) {
    const result = await warehouse.client.query({
      query: `SELECT (SELECT count() FROM system.merges) + (SELECT count() FROM system.mutations WHERE NOT is_done) AS busy`,
      format: 'JSONEachRow',
    })
    const [row] = await result.json<{ busy: string | number }>()
    if (Number(row?.busy) === 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
