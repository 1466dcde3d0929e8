import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Spool } from './spool/spool.js'

/** The collector's Prometheus metrics, in a registry of its own. */
export interface Metrics {
  registry: Registry
  accepted: Counter<'site'>
  rejected: Counter<'code'>
  bots: Counter<'site'>
  ignoredLinks: Counter<'site'>
  flushSeconds: Histogram
  flushedRows: Counter
  warehouseErrors: Counter
}

/** Creates the metrics; spool gauges are read from `spool()` at each scrape. */
export function createMetrics(spool: () => Spool | undefined): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'leadhouse_' })
  const gauge = (name: string, help: string, read: (s: ReturnType<Spool['state']>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const state = spool()?.state()
        this.set(state ? read(state) : 0)
      },
    })
  gauge('leadhouse_spool_segments', 'Spool segments not yet in the warehouse', (s) => s.segments)
  gauge('leadhouse_spool_bytes', 'Bytes in the spool not yet in the warehouse', (s) => s.bytes)
  gauge(
    'leadhouse_spool_oldest_seconds',
    'Age of the oldest spooled record not yet in the warehouse',
    (s) => s.oldestSeconds,
  )
  return {
    registry,
    accepted: new Counter({
      name: 'leadhouse_events_accepted_total',
      help: 'Events accepted',
      labelNames: ['site'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'leadhouse_events_rejected_total',
      help: 'Input refused (kept in rejected_events); requests throttled (code rate_limited) and email opens and clicks lost to a full spool (spool_full), not kept',
      labelNames: ['code'],
      registers: [registry],
    }),
    bots: new Counter({
      name: 'leadhouse_bot_events_total',
      help: 'Accepted events flagged as bots',
      labelNames: ['site'],
      registers: [registry],
    }),
    ignoredLinks: new Counter({
      name: 'leadhouse_link_clicks_ignored_total',
      help: 'Link clicks from the SDK that were neither outbound links nor downloads, dropped',
      labelNames: ['site'],
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'leadhouse_spool_flush_seconds',
      help: 'Time to insert one spool segment into the warehouse',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    flushedRows: new Counter({
      name: 'leadhouse_spool_flushed_rows_total',
      help: 'Rows the spool inserted into the warehouse',
      registers: [registry],
    }),
    warehouseErrors: new Counter({
      name: 'leadhouse_warehouse_errors_total',
      help: 'Failed inserts into the warehouse',
      registers: [registry],
    }),
  }
}
