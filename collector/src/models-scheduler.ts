import type { RunResult } from '@leadhouse/models'

/**
 * What a build or a scheduled tick came to: a build that succeeded, one that failed or had
 * failing tests, or a tick that built nothing because the raw tables held nothing new, or because
 * a build was under way (the tick is then deferred: see `ModelsScheduler.tick`).
 */
export type BuildOutcome = 'success' | 'failure' | 'skipped_unchanged' | 'skipped_busy'

export interface ModelsSchedulerOptions {
  /**
   * A value of what the raw tables hold that changes with every insert into them (see
   * `rawTablesVersion`), and is empty when they hold nothing. A scheduled tick builds only when
   * it differs from what the last build saw; without it, every tick builds.
   */
  probe?: () => Promise<string>
  /** The newest modelled event's time (ms), read after each build; for the age in /metrics. */
  newestModelled?: () => Promise<number | undefined>
  /**
   * Milliseconds after which a tick builds even with nothing new: scores decay with time, so
   * the summaries change without data. A tick on a new UTC day builds too. Default 1 hour.
   */
  refreshMs?: number
  /** Told of every build (scheduled or asked for) and every skipped tick. */
  onOutcome?: (outcome: BuildOutcome) => void
  /** The clock, in ms. */
  now?: () => number
}

/** The scheduler's view of the marts, for /metrics and /readyz. */
export interface ModelsStatus {
  lastBuild?: {
    startedAt: number
    finishedAt: number
    /** The build's own time (the runner's). */
    seconds: number
    /** Every model built and every test passed. */
    success: boolean
    /** Why it failed, when it threw. */
    error?: string
  }
  /**
   * The last build in which every model built: the raw tables' version it started from, and
   * when it started. Everything the raw tables held at that moment is in the marts.
   */
  modelled?: { version: string | undefined; startedAt: number }
  /** The newest event time in the marts after the last build, in ms. */
  newestModelledAt?: number
}

/** Runs model builds one at a time, on a schedule and on demand. */
export interface ModelsScheduler {
  /**
   * Builds now, or after the build under way: a request made during a build needs a build
   * that starts after it. Requests arriving during one build share the next.
   */
  run(): Promise<RunResult>
  /**
   * Ticks every `intervalMs` (see `tick`); 0 does nothing.
   */
  start(intervalMs: number): void
  /**
   * One scheduled tick: builds if there is something new (see `ModelsSchedulerOptions.probe`)
   * or a refresh is due. A tick that finds a build under way answers `skipped_busy` and is
   * deferred, not lost: as soon as that build ends, one more tick runs (one for any number of
   * deferred ticks), and builds if the raw tables then hold something new. Without that, a row
   * arriving just after a build started would wait for that build, then for the next tick, then
   * for its own build.
   */
  tick(): Promise<BuildOutcome>
  /**
   * Runs `work` while no build runs: it waits for the build under way, and holds back any build
   * asked for meanwhile until it is done. For writes that must not interleave with a build
   * (an erasure: a build reading the person's rows while they are deleted would write them back
   * into the marts). Exclusive works run one at a time, in the order asked.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  status(): ModelsStatus
  /**
   * Why the marts are stale, if they are: the raw tables hold rows the last successful build
   * did not see, and it started more than `thresholdMs` ago (on a collector that has not built
   * yet: it started that long ago). Nothing to model is never stale. Asks the probe.
   */
  stale(thresholdMs: number): Promise<string | undefined>
  /**
   * Stops the schedule, starts no further build (not a deferred tick's either), and waits for
   * the build and the tick under way.
   */
  stop(): Promise<void>
}

const DEFAULT_REFRESH_MS = 60 * 60_000

const utcDay = (ms: number) => Math.floor(ms / 86_400_000)

export function createModelsScheduler(
  build: () => Promise<RunResult>,
  log: (line: string) => void,
  options: ModelsSchedulerOptions = {},
): ModelsScheduler {
  const { probe, newestModelled, onOutcome } = options
  const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS
  const now = options.now ?? Date.now
  const createdAt = now()
  const status: ModelsStatus = {}

  /** One build, with what it started from and how it ended recorded. */
  const buildOnce = (probed?: string): Promise<RunResult> => {
    const startedAt = now()
    // The version is taken before the build reads anything: a row arriving in between is
    // read by the build but not in the version, which costs one more build, never a lost row.
    // A scheduled tick has just taken it, and gives it: one query less between it and the build.
    if (probed !== undefined || !probe) return measured(startedAt, probed)
    return probe().then(
      (version) => measured(startedAt, version),
      () => measured(startedAt, undefined),
    )
  }

  const measured = (startedAt: number, version: string | undefined): Promise<RunResult> =>
    build().then(
      async (result) => {
        const finishedAt = now()
        const newest = newestModelled
          ? await newestModelled().catch(() => status.newestModelledAt)
          : undefined
        // All at once, after the newest event is known: a reader never sees this build's end
        // beside the previous build's newest event.
        status.lastBuild = {
          startedAt,
          finishedAt,
          seconds: result.seconds,
          success: result.success,
        }
        status.newestModelledAt = newest
        // Failing data tests leave built marts; a model that errored does not.
        if (!result.results.some((node) => node.status === 'error'))
          status.modelled = { version, startedAt }
        onOutcome?.(result.success ? 'success' : 'failure')
        return result
      },
      (error: unknown) => {
        status.lastBuild = {
          startedAt,
          finishedAt: now(),
          seconds: (now() - startedAt) / 1000,
          success: false,
          error: error instanceof Error ? error.message : String(error),
        }
        onOutcome?.('failure')
        throw error
      },
    )

  /** Whether the marts hold everything of `version`, and are recent enough. */
  const upToDate = (version: string, at: number): boolean => {
    const modelled = status.modelled
    return (
      modelled !== undefined &&
      modelled.version === version &&
      at - modelled.startedAt < refreshMs &&
      utcDay(at) === utcDay(modelled.startedAt)
    )
  }

  let running: Promise<RunResult> | undefined
  let next: Promise<RunResult> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  /** The exclusive works asked for and not yet done, chained: a build starts after them. */
  let exclusiveTail: Promise<unknown> | undefined
  let waitingToStart = false
  /** The scheduled tick under way: it is probing, or waiting for the build it started. */
  let ticking: Promise<BuildOutcome> | undefined
  /** A tick found a build (or a tick) under way: tick again once it ends. */
  let deferred = false

  /** The deferred tick, once neither a build nor a tick is under way. */
  const followUp = () => {
    if (!deferred || stopped || running || ticking) return
    deferred = false
    // A build asked for during the last one starts after it, so after the deferred ticks: it
    // reads what they came for.
    if (next) return
    void tick()
  }

  const run = (probed?: string): Promise<RunResult> => {
    if (stopped) return Promise.reject(new Error('model builds are stopped'))
    if (!running) {
      const after = exclusiveTail
      const start = () => {
        waitingToStart = false
        // Work done meanwhile (an erasure) may have changed the raw tables: probe again.
        return buildOnce(after ? undefined : probed)
      }
      waitingToStart = after !== undefined
      running = (after ? after.then(start) : start()).finally(() => {
        running = undefined
        followUp()
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

  const skipped = (outcome: BuildOutcome) => {
    onOutcome?.(outcome)
    return outcome
  }

  const tick = (): Promise<BuildOutcome> => {
    if (stopped) return Promise.resolve(skipped('skipped_busy'))
    if (running || ticking) {
      // A build still waiting for exclusive work has read nothing yet: it covers this tick.
      if (!(running && waitingToStart)) deferred = true
      return Promise.resolve(skipped('skipped_busy'))
    }
    const underWay = tickOnce().finally(() => {
      ticking = undefined
      followUp()
    })
    ticking = underWay
    return underWay
  }

  const tickOnce = async (): Promise<BuildOutcome> => {
    // One query on the parts of the raw tables: a tick with nothing new costs about that.
    const version = probe ? await probe().catch(() => undefined) : undefined
    // A build started since this tick began reads everything the tick came for.
    if (running || stopped) return skipped('skipped_busy')
    if (version !== undefined && upToDate(version, now())) return skipped('skipped_unchanged')
    try {
      const result = await run(version)
      log(`models built in ${result.seconds}s${problemsOf(result)}`)
      return result.success ? 'success' : 'failure'
    } catch (error) {
      log(`models build failed: ${error instanceof Error ? error.message : String(error)}`)
      return 'failure'
    }
  }

  const stale = async (thresholdMs: number): Promise<string | undefined> => {
    if (thresholdMs <= 0 || !probe) return undefined
    const version = await probe().catch(() => undefined)
    // The warehouse not answering is /readyz's other reason, not staleness.
    if (version === undefined) return undefined
    const modelled = status.modelled
    if (modelled ? modelled.version === version : version === '') return undefined
    const since = modelled?.startedAt ?? createdAt
    const ageMs = now() - since
    if (ageMs <= thresholdMs) return undefined
    const failed = status.lastBuild?.success === false
    return `the marts are stale: rows have arrived since ${modelled ? 'the last successful build started' : 'the collector started, with no successful build since'}, ${Math.round(ageMs / 1000)} s ago (stale after ${thresholdMs / 1000} s)${failed ? `; the last build failed${status.lastBuild?.error ? `: ${status.lastBuild.error}` : ''}` : ''}`
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
    run: () => run(),
    exclusive,
    tick,
    stale,
    status: () => status,
    start(intervalMs) {
      if (intervalMs > 0) timer = setInterval(() => void tick(), intervalMs).unref()
    },
    async stop() {
      stopped = true
      clearInterval(timer)
      await Promise.allSettled([ticking, running, next, exclusiveTail])
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
