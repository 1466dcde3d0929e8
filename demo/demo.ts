/**
 * `startDemo`: Leadhouse on a data directory of the demo's own, filled by the generator on the
 * first start (a few months of a B2B site: visits, leads, CRM journeys, spend), the models built,
 * and a one-time link that logs a browser in. A later start on the same directory reuses the data.
 * Nothing of the user's environment chooses the directory or the warehouse: a real installation's
 * (`LEADHOUSE_DATA_DIR`, `CLICKHOUSE_URL`, a config file) is never read or written.
 */
import { join, resolve } from 'node:path'
import {
  claimDemoDirectory,
  configFromEnv,
  type RunningCollector,
  readDemoMark,
  startCollector,
  writeDemoMark,
} from '@leadhouse/collector'
import { GENERATE_RANGE, generate } from '@leadhouse/generate'

const DAY = 86_400_000

export const DEMO_DEFAULTS = {
  /** Relative to the directory it is started in: beside, never inside, `.leadhouse/data`. */
  dataDir: '.leadhouse/demo',
  /** About four months of a small B2B site: generated and modelled in well under a minute. */
  events: 150_000,
  days: 120,
  seed: 1,
} as const

export interface DemoOptions {
  dataDir?: string
  /** Events to generate on the first start. */
  events?: number
  /** Port and address to listen on (`PORT`, `HOST` as for `pnpm start`). */
  port?: string
  host?: string
  log?: (line: string) => void
}

export interface RunningDemo {
  collector: RunningCollector
  dataDir: string
  /** Opens the dashboard logged in with a read key: good once, while this process runs. */
  loginLink: string
  /** What the first start generated; undefined when this start reused the data. */
  generated?: {
    events: number
    leads: number
    won: number
    from: string
    to: string
    seconds: number
  }
  /** Seconds the first start's model build took. */
  modelsSeconds?: number
}

/**
 * Starts the demo. Throws a DemoDirectoryError when the directory holds files and is no demo's,
 * and the collector's errors (a port in use) as `pnpm start` does.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? (() => {})
  const dataDir = resolve(options.dataDir ?? DEMO_DEFAULTS.dataDir)
  const stateDir = join(dataDir, 'leadhouse')
  claimDemoDirectory(dataDir, stateDir)
  // From scratch, not from process.env: the demo's own directory, the embedded engine, the
  // generator's site, and no keys but the demo's.
  const config = configFromEnv({
    LEADHOUSE_DATA_DIR: dataDir,
    LEADHOUSE_SITES: 'acme',
    ...(options.port ? { PORT: options.port } : {}),
    ...(options.host ? { HOST: options.host } : {}),
  })
  // No scheduled build while the first start generates: one build once the data is in.
  const collector = await startCollector({
    config: { ...config, modelsIntervalMs: 0 },
    log,
    demo: true,
  })
  try {
    const demo: RunningDemo = { collector, dataDir, loginLink: '' }
    const mark = readDemoMark(stateDir)
    if (!mark?.ready) {
      // Interrupted before (no `ready`): generating again writes the same rows, which the
      // tables' dedup keys fold together.
      const end = Math.min(Date.now() - DAY, Date.parse(`${GENERATE_RANGE.last}T00:00:00Z`))
      log(
        `first start: generating ${DEMO_DEFAULTS.days} days of a B2B site (${(options.events ?? DEMO_DEFAULTS.events).toLocaleString('en-US')} events), then building the models`,
      )
      const summary = await generate(collector.warehouse, {
        events: options.events ?? DEMO_DEFAULTS.events,
        seed: DEMO_DEFAULTS.seed,
        days: DEMO_DEFAULTS.days,
        end: new Date(end).toISOString().slice(0, 10),
      })
      const built = await collector.models.run()
      if (!built.success) throw new Error('the demo data did not model: see the lines above')
      demo.generated = {
        events: summary.events,
        leads: summary.leads,
        won: summary.deals.won,
        from: summary.from,
        to: summary.to,
        seconds: summary.seconds,
      }
      demo.modelsSeconds = built.seconds
      writeDemoMark(stateDir, {
        createdAt: mark?.createdAt ?? new Date().toISOString(),
        ready: {
          at: new Date().toISOString(),
          events: summary.events,
          leads: summary.leads,
          from: summary.from,
          to: summary.to,
        },
      })
    }
    collector.models.start(config.modelsIntervalMs)
    demo.loginLink = collector.loginLink?.() ?? `${collector.url}/login`
    return demo
  } catch (error) {
    await collector.close()
    throw error
  }
}
