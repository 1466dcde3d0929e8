import type { RunResult } from '@leadhouse/models'

/** Runs model builds one at a time, on a schedule and on demand. */
export interface ModelsScheduler {
  /**
   * Builds now, or after the build under way: a request made during a build needs a build
   * that starts after it. Requests arriving during one build share the next.
   */
  run(): Promise<RunResult>
  /** Builds every `intervalMs`, skipping a tick while a build is under way; 0 does nothing. */
  start(intervalMs: number): void
  /** Stops the schedule, starts no further build, and waits for the one under way. */
  stop(): Promise<void>
}

export function createModelsScheduler(
  build: () => Promise<RunResult>,
  log: (line: string) => void,
): ModelsScheduler {
  let running: Promise<RunResult> | undefined
  let next: Promise<RunResult> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  const run = (): Promise<RunResult> => {
    if (stopped) return Promise.reject(new Error('model builds are stopped'))
    if (!running) {
      running = build().finally(() => {
        running = undefined
      })
      return running
    }
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined
        return run()
      })
    return next
  }

  const scheduled = () => {
    if (running) return
    run().then(
      (result) => {
        log(`models built in ${result.seconds}s${problemsOf(result)}`)
      },
      (error: unknown) =>
        log(`models build failed: ${error instanceof Error ? error.message : String(error)}`),
    )
  }

  return {
    run,
    start(intervalMs) {
      if (intervalMs > 0) timer = setInterval(scheduled, intervalMs).unref()
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      await Promise.allSettled([running, next])
    },
  }
}

/** `; error: leads; fail: unique_leads_email; ...`: what did not succeed or pass, by status. */
function problemsOf(result: RunResult): string {
  const byStatus = new Map<string, string[]>()
  for (const node of result.results)
    if (node.status !== 'success' && node.status !== 'pass')
      byStatus.set(node.status, [...(byStatus.get(node.status) ?? []), node.name])
  return [...byStatus].map(([status, names]) => `; ${status}: ${names.join(', ')}`).join('')
}
