import { Counter, Gauge, type Registry } from 'prom-client'
import type { BuildOutcome, ModelsStatus } from './models-scheduler.js'

/** The model builds' metrics: counted as they happen, the rest read from `status()` at scrape. */
export interface ModelsMetrics {
  builds: Counter<'outcome'>
  /** For the scheduler's `onOutcome`. */
  count(outcome: BuildOutcome): void
}

/**
 * Registers the models' metrics in `registry`. Unknown values (before the first build) are NaN,
 * so that an alert on them never fires on a collector that has not built yet.
 */
export function registerModelsMetrics(
  registry: Registry,
  status: () => ModelsStatus | undefined,
  now: () => number = Date.now,
): ModelsMetrics {
  const gauge = (name: string, help: string, read: (s: ModelsStatus) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = status()
        this.set((current && read(current)) ?? Number.NaN)
      },
    })
  gauge(
    'leadhouse_models_newest_event_age_seconds',
    'Seconds since the newest event in the marts (activity_log) was received, as of the last build',
    (s) => (s.newestModelledAt === undefined ? undefined : (now() - s.newestModelledAt) / 1000),
  )
  gauge(
    'leadhouse_models_last_build_seconds',
    'Duration of the last model build',
    (s) => s.lastBuild?.seconds,
  )
  gauge(
    'leadhouse_models_last_build_success',
    '1 if the last model build built every model and passed every test, else 0',
    (s) => (s.lastBuild ? Number(s.lastBuild.success) : undefined),
  )
  gauge(
    'leadhouse_models_last_build_timestamp_seconds',
    'When the last model build ended, Unix time',
    (s) => (s.lastBuild ? s.lastBuild.finishedAt / 1000 : undefined),
  )
  gauge(
    'leadhouse_models_last_success_timestamp_seconds',
    'When the last build in which every model built started, Unix time: the marts hold what the raw tables held then',
    (s) => (s.modelled ? s.modelled.startedAt / 1000 : undefined),
  )
  const builds = new Counter({
    name: 'leadhouse_models_builds_total',
    help: 'Model builds by outcome (success, failure), and scheduled ticks that built nothing (skipped_unchanged: nothing new; skipped_busy: a build under way, the tick deferred to its end)',
    labelNames: ['outcome'],
    registers: [registry],
  })
  return { builds, count: (outcome) => builds.inc({ outcome }) }
}
