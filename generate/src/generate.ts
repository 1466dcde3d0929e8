/**
 * `generate(warehouse, options)`: synthetic B2B journeys written straight into the raw tables
 * (`events`, `crm_events`, `campaign_costs`), deterministic by seed, in batches so that ten
 * million events need no more memory than one.
 */
import { writeFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { qualifiedName, quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'
import { type CampaignCostRow, migrate, toDateTime64 } from '@leadhouse/warehouse/raw'
import type { JourneyCounts } from './context.js'
import { JourneyGenerator } from './journeys.js'
import { Random } from './random.js'

const DAY = 86_400_000

export const GENERATE_DEFAULTS = {
  events: 10_000,
  seed: 1,
  days: 90,
  /** The window's last day (UTC): fixed, so that the same seed gives the same rows any day. */
  end: '2026-10-31',
  batchSize: 50_000,
} as const
export const MAX_EVENTS = 1_000_000_000
export const MAX_DAYS = 3650
/**
 * The days a window may cover: the months the models' `exchange_rates` seed
 * (models/seeds/exchange_rates.csv) has a rate for in every currency the generator writes
 * (spend in USD and GBP, deals in CHF, GBP and USD), so that no cost or deal is left out of
 * channel_kpis for want of a rate. Every row falls inside the window: widen both together.
 */
export const GENERATE_RANGE = { first: '2025-01-01', last: '2027-12-31' } as const

export interface GenerateOptions {
  /** About how many rows of `events` to write (retries, bots and email events included). */
  events?: number
  seed?: number
  /** Days in the window. */
  days?: number
  /** The window's last day, `YYYY-MM-DD` (UTC), included. */
  end?: string
  /** Rows per insert. */
  batchSize?: number
  /** Told after each insert of events. */
  onProgress?: (progress: GenerateProgress) => void
}

export interface GenerateProgress {
  events: number
  target: number
  seconds: number
}

export interface GenerateSummary extends JourneyCounts {
  seed: number
  /** First and last day of the window, `YYYY-MM-DD`. */
  from: string
  to: string
  days: number
  target: number
  costRows: number
  seconds: number
  eventsPerSecond: number
}

/** An option out of range; `option` names it as the CLI spells it (`--events`). */
export class GenerateOptionError extends Error {
  override name = 'GenerateOptionError'
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option} ${message}`)
  }
}

interface Resolved {
  events: number
  seed: number
  days: number
  from: number
  to: number
  batchSize: number
}

/** Checks the options and fills in the defaults; throws GenerateOptionError. */
export function resolveGenerateOptions(options: GenerateOptions = {}): Resolved {
  const events = options.events ?? GENERATE_DEFAULTS.events
  const seed = options.seed ?? GENERATE_DEFAULTS.seed
  const days = options.days ?? GENERATE_DEFAULTS.days
  const end = options.end ?? GENERATE_DEFAULTS.end
  const batchSize = options.batchSize ?? GENERATE_DEFAULTS.batchSize
  if (!Number.isInteger(events) || events < 1 || events > MAX_EVENTS)
    throw new GenerateOptionError('--events', `must be a whole number from 1 to ${MAX_EVENTS}`)
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new GenerateOptionError('--seed', 'must be a whole number from 0 to 4294967295')
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new GenerateOptionError('--days', `must be a whole number from 1 to ${MAX_DAYS}`)
  if (!Number.isInteger(batchSize) || batchSize < 100 || batchSize > 1_000_000)
    throw new GenerateOptionError('--batch', 'must be a whole number from 100 to 1000000')
  const endMs = /^\d{4}-\d{2}-\d{2}$/.test(end) ? Date.parse(`${end}T00:00:00Z`) : Number.NaN
  if (Number.isNaN(endMs) || new Date(endMs).toISOString().slice(0, 10) !== end)
    throw new GenerateOptionError('--end', 'must be a date such as 2026-10-31')
  if (end > GENERATE_RANGE.last)
    throw new GenerateOptionError(
      '--end',
      `must be on or before ${GENERATE_RANGE.last}, the last day the exchange_rates seed has rates for`,
    )
  const to = endMs + DAY
  const from = to - days * DAY
  if (from < Date.parse(`${GENERATE_RANGE.first}T00:00:00Z`))
    throw new GenerateOptionError(
      '--days',
      `reaches back before ${GENERATE_RANGE.first}, the first day the exchange_rates seed has rates for: fewer days, or a later --end`,
    )
  return { events, seed, days, from, to, batchSize }
}

/**
 * Writes about `options.events` rows of events, with the sales log and campaign spend that go
 * with them, into the warehouse (migrating it first). Running it again with the same options
 * writes the same rows again: the tables' dedup keys (event_id, record_id, day and campaign) fold
 * the copies together as they fold retried deliveries, and the models count each once.
 */
export async function generate(
  warehouse: Warehouse,
  options: GenerateOptions = {},
): Promise<GenerateSummary> {
  const resolved = resolveGenerateOptions(options)
  const started = performance.now()
  const seconds = () => (performance.now() - started) / 1000
  await migrate(warehouse)
  const inserts = await Inserts.open(warehouse)
  try {
    return await run(inserts, resolved, options, seconds)
  } finally {
    await inserts.close()
  }
}

async function run(
  inserts: Inserts,
  resolved: Resolved,
  options: GenerateOptions,
  seconds: () => number,
): Promise<GenerateSummary> {
  let events: string[] = []
  let crm: string[] = []
  const generator = new JourneyGenerator(
    {
      seed: resolved.seed,
      from: resolved.from,
      to: resolved.to,
      companies: Math.max(30, Math.round(resolved.events / 300)),
    },
    {
      event: (row) => events.push(JSON.stringify(row)),
      crm: (row) => crm.push(JSON.stringify(row)),
    },
  )
  const counts = generator.counts
  const { batchSize } = resolved
  while (counts.events < resolved.events) {
    generator.person()
    if (events.length >= batchSize) {
      await inserts.queue('events', events)
      events = []
      options.onProgress?.({ events: counts.events, target: resolved.events, seconds: seconds() })
    }
    if (crm.length >= batchSize) {
      await inserts.queue('crm_events', crm)
      crm = []
    }
  }
  await inserts.queue('events', events)
  await inserts.queue('crm_events', crm)
  const costs = costRows(generator, resolved)
  await inserts.queue('campaign_costs', costs)
  await inserts.done()
  const elapsed = seconds()
  options.onProgress?.({ events: counts.events, target: resolved.events, seconds: elapsed })
  return {
    ...counts,
    deals: { ...counts.deals },
    seed: resolved.seed,
    from: new Date(resolved.from).toISOString().slice(0, 10),
    to: new Date(resolved.to - DAY).toISOString().slice(0, 10),
    days: resolved.days,
    target: resolved.events,
    costRows: costs.length,
    seconds: Math.round(elapsed * 100) / 100,
    eventsPerSecond: Math.round(counts.events / elapsed),
  }
}

/**
 * Inserts one at a time, each overlapping the generation of the next batch: `queue` waits for
 * the previous insert, starts this one and returns. Rows go as JSONEachRow text, built once.
 *
 * When the engine reads this machine's files (the embedded one does) a batch is written to a
 * temporary file and inserted with `file()`: the engine then parses it on all cores, about three
 * times faster than the same text inline in the query. A server elsewhere gets it inline.
 * `optimize_on_insert = 0` keeps both deliveries of a retried event that land in one batch, as
 * separate requests would have.
 */
class Inserts {
  private pending: Promise<void> = Promise.resolve()
  private failure: unknown
  private files = 0
  private readonly structures = new Map<string, string>()

  private constructor(
    private readonly warehouse: Warehouse,
    private readonly dir: string | undefined,
  ) {}

  static async open(warehouse: Warehouse): Promise<Inserts> {
    const dir = await mkdtemp(join(tmpdir(), 'leadhouse-generate-'))
    const probe = join(dir, 'probe.jsonl')
    await writeFile(probe, '{"x":1}\n')
    const readsFiles = await warehouse.client
      .query({
        query: `SELECT count() AS n FROM file(${sqlString(probe)}, JSONEachRow, 'x UInt8')`,
        format: 'JSONEachRow',
      })
      .then((result) => result.json<{ n: string | number }>())
      .then(([row]) => Number(row?.n) === 1)
      .catch(() => false)
    if (!readsFiles) {
      await rm(dir, { recursive: true, force: true })
      return new Inserts(warehouse, undefined)
    }
    const inserts = new Inserts(warehouse, dir)
    const columns = await warehouse.client
      .query({
        query:
          // The columns an insert fills: not those the warehouse computes (inserted_at).
          "SELECT table, name, type FROM system.columns WHERE database = {database:String} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY table, position",
        query_params: { database: warehouse.database },
        format: 'JSONEachRow',
      })
      .then((result) => result.json<{ table: string; name: string; type: string }>())
    for (const { table, name, type } of columns) {
      const structure = inserts.structures.get(table)
      const column = `${quoteIdentifier(name)} ${type}`
      inserts.structures.set(table, structure ? `${structure}, ${column}` : column)
    }
    return inserts
  }

  async queue(table: string, lines: string[]): Promise<void> {
    await this.done()
    if (lines.length === 0) return
    const target = qualifiedName(this.warehouse.database, table)
    const structure = this.structures.get(table)
    const body = lines.join('\n')
    const work = async () => {
      if (this.dir && structure) {
        // Written at once: an async write would progress only while generation yields.
        const path = join(this.dir, `${table}-${++this.files}.jsonl`)
        writeFileSync(path, body)
        try {
          await this.warehouse.client.command({
            query: `INSERT INTO ${target} SETTINGS optimize_on_insert = 0 SELECT * FROM file(${sqlString(path)}, JSONEachRow, ${sqlString(structure)})`,
          })
        } finally {
          await rm(path, { force: true })
        }
      } else {
        await this.warehouse.client.command({
          query: `INSERT INTO ${target} SETTINGS optimize_on_insert = 0 FORMAT JSONEachRow\n${body}`,
        })
      }
    }
    this.pending = work().catch((error: unknown) => {
      this.failure = error
    })
  }

  async done(): Promise<void> {
    await this.pending
    if (this.failure) throw this.failure
  }

  /** Waits for the last insert and removes the temporary files. */
  async close(): Promise<void> {
    await this.pending
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
  }
}

/** A ClickHouse string literal. */
function sqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/**
 * Spend per day of every campaign the UTMs name: paid clicks follow the sessions the campaign
 * brought (plus the clicks that never became a tracked visit), impressions follow from the
 * click-through rate; newsletter issues cost per recipient on their send day.
 */
function costRows(generator: JourneyGenerator, resolved: Resolved): string[] {
  const random = new Random(resolved.seed, 2)
  const rows: string[] = []
  const { days, costCampaigns, recipients: sent, landings: sessions } = generator.world
  let issue = 0
  costCampaigns.forEach((campaign, index) => {
    const recipients = campaign.send ? (sent[issue++] ?? 0) : 0
    for (let day = campaign.firstDay; day <= campaign.lastDay; day++) {
      const landings = sessions[index * days + day] as number
      let clicks: number
      let cost: number
      let impressions: number
      if (campaign.send) {
        clicks = landings
        impressions = recipients
        cost = 25 + recipients * 0.004
      } else if (campaign.cpc[1] === 0) {
        clicks = landings
        impressions = 0
        cost = 3.5
      } else {
        clicks = Math.round(landings * random.between(1.1, 1.45) + random.between(0, 3))
        cost = clicks * random.between(campaign.cpc[0], campaign.cpc[1])
        impressions = Math.round(
          Math.max(clicks, 1) / random.between(campaign.ctr[0], campaign.ctr[1]),
        )
      }
      const at = resolved.from + day * DAY
      const row: CampaignCostRow = {
        day: new Date(at).toISOString().slice(0, 10),
        channel: campaign.channel,
        source: campaign.source,
        medium: campaign.medium,
        campaign: campaign.campaign,
        // Cents: the column's Decimal(18, 2) reads the number's shortest text as is.
        cost: Number(cost.toFixed(2)),
        currency: campaign.currency,
        impressions,
        clicks,
        received_at: toDateTime64(at + DAY + 4 * 3_600_000),
      }
      rows.push(JSON.stringify(row))
    }
  })
  return rows
}
