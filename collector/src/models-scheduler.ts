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
  /**
   * Runs `work` while no build runs: it waits for the build under way, and holds back any build
   * asked for meanwhile until it is done. For writes that must not interleave with a build
   * (an erasure: a build reading the person's rows while they are deleted would write them back
   * into the marts). Exclusive works run one at a time, in the order asked.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>
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
  /** The exclusive works asked for and not yet done, chained: a build starts after them. */
  let exclusiveTail: Promise<unknown> | undefined
  let waitingToStart = false

  const run = (): Promise<RunResult> => {
    if (stopped) return Promise.reject(new Error('model builds are stopped'))
    if (!running) {
      const after = exclusiveTail
      const start = () => {
        waitingToStart = false
        return build()
      }
      waitingToStart = after !== undefined
      running = (after ? after.then(start) : start()).finally(() => {
        running = undefined
      })
      return running
    }
    // A build still waiting for exclusive work to finish has not read anything yet.
    if (waitingToStart) return running
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

  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    // Not `next`: a build asked for before this work waits for it (it chains on the tail).
    const previous = Promise.allSettled([running, exclusiveTail])
    const done = previous.then(work)
    const tail = done.catch(() => undefined)
    exclusiveTail = tail
    void tail.then(() => {
      if (exclusiveTail === tail) exclusiveTail = undefined
    })
    return done
  }

  return {
    run,
    exclusive,
    start(intervalMs) {
      if (intervalMs > 0) timer = setInterval(scheduled, intervalMs).unref()
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      await Promise.allSettled([running, next, exclusiveTail])
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
