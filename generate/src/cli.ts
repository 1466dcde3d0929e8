/**
 * `pnpm generate`: synthetic B2B journeys written straight into the warehouse's raw tables, for
 * demos, dashboards and benchmarks. Same seed and options, same rows.
 */
import { parseArgs } from 'node:util'
import {
  openWarehouse,
  type Warehouse,
  WarehouseUnavailableError,
  warehouseOptionsFromEnv,
} from '@leadhouse/warehouse'
import {
  GENERATE_DEFAULTS,
  GENERATE_RANGE,
  GenerateOptionError,
  type GenerateOptions,
  type GenerateSummary,
  generate,
  resolveGenerateOptions,
} from './generate.js'

export const USAGE = `usage: pnpm generate [--events N] [--seed S] [--days D] [--end YYYY-MM-DD] [--batch ROWS] [--json]

Writes synthetic B2B journeys into the warehouse's raw tables (events, crm_events,
campaign_costs): visitors from every channel, form fills that make them leads (some on two
devices), downloads, webinars, demo and trial requests, newsletter opens and clicks, bots,
retried deliveries; the CRM's sales log for a share of the leads; spend for every campaign.
The warehouse comes from the environment: LEADHOUSE_DATA_DIR (embedded engine, default
.leadhouse/data; stop a running Leadhouse first) or CLICKHOUSE_URL, CLICKHOUSE_USER,
CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE.

  --events N     about how many rows of events to write, e.g. 10000, 250k, 10M (default ${GENERATE_DEFAULTS.events})
  --seed S       seed, a whole number from 0 to 4294967295 (default ${GENERATE_DEFAULTS.seed})
  --days D       days in the window (default ${GENERATE_DEFAULTS.days})
  --end DATE     the window's last day, UTC (default ${GENERATE_DEFAULTS.end}); the window lies
                 within ${GENERATE_RANGE.first} .. ${GENERATE_RANGE.last}, the months with exchange rates
  --batch ROWS   rows per insert (default ${GENERATE_DEFAULTS.batchSize})
  --json         print the summary as one line of JSON
  -h, --help     print this text`

/** A bad command line; the message is one line naming the option. */
class UsageError extends Error {}

/** `10000`, `10_000`, `250k`, `10M` → a whole number; anything else → NaN. */
function count(text: string): number {
  const match = /^(\d[\d_]*)([kKmM]?)$/.exec(text)
  if (!match) return Number.NaN
  const base = Number((match[1] as string).replace(/_/g, ''))
  const unit = match[2]?.toLowerCase()
  return unit === 'k' ? base * 1_000 : unit === 'm' ? base * 1_000_000 : base
}

interface Command {
  help: boolean
  json: boolean
  options: GenerateOptions
}

export function parseCommandLine(argv: string[]): Command {
  let values: ReturnType<typeof parse>['values']
  try {
    ;({ values } = parse(argv))
  } catch (error) {
    // node:util names the option: "Unknown option '--foo'", "Option '--seed <value>' argument missing".
    throw new UsageError((error as Error).message.split('\n')[0])
  }
  const number = (option: string, text: string | undefined, parser = count) => {
    if (text === undefined) return undefined
    const value = parser(text)
    if (Number.isNaN(value))
      throw new UsageError(`--${option} must be a whole number, got ${JSON.stringify(text)}`)
    return value
  }
  const options: GenerateOptions = {}
  const events = number('events', values.events)
  const seed = number('seed', values.seed, (text) =>
    /^\d+$/.test(text) ? Number(text) : Number.NaN,
  )
  const days = number('days', values.days)
  const batchSize = number('batch', values.batch)
  if (events !== undefined) options.events = events
  if (seed !== undefined) options.seed = seed
  if (days !== undefined) options.days = days
  if (batchSize !== undefined) options.batchSize = batchSize
  if (values.end !== undefined) options.end = values.end
  try {
    resolveGenerateOptions(options)
  } catch (error) {
    if (error instanceof GenerateOptionError) throw new UsageError(error.message)
    throw error
  }
  return { help: values.help === true, json: values.json === true, options }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      events: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      end: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

const format = (n: number) => n.toLocaleString('en-US')

export function describeSummary(summary: GenerateSummary, where: string): string {
  const s = summary
  return [
    `Generated ${format(s.events)} events in ${s.seconds} s (${format(s.eventsPerSecond)} events/s) into ${where}`,
    `  window       ${s.from} .. ${s.to} (${s.days} days), seed ${s.seed}`,
    `  events       ${format(s.events)}: ${format(s.duplicates)} retried deliveries, ${format(s.botEvents)} from bots, ${format(s.emailEvents)} email opens/clicks/unsubscribes`,
    `  visitors     ${format(s.visitors)} browsers (${format(s.bots)} bots), ${format(s.sessions)} sessions`,
    `  leads        ${format(s.leads)}: ${format(s.webLeads)} identified on the site (${format(s.multiDeviceLeads)} on two devices), ${format(s.crmOnlyLeads)} known only to the CRM`,
    `  CRM records  ${format(s.crmRecords)} (deals: ${format(s.deals.won)} won, ${format(s.deals.lost)} lost)`,
    `  cost rows    ${format(s.costRows)}`,
  ].join('\n')
}

/** Runs the CLI; returns the exit code (2: bad arguments, 1: the warehouse failed). */
export async function runGenerateCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  let command: Command
  try {
    command = parseCommandLine(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    progress(`leadhouse generate: ${error.message} (--help for usage)`)
    return 2
  }
  if (command.help) {
    print(USAGE)
    return 0
  }
  let warehouse: Warehouse
  try {
    warehouse = await openWarehouse(warehouseOptionsFromEnv(env))
  } catch (error) {
    if (!(error instanceof WarehouseUnavailableError)) throw error
    progress(`leadhouse generate: ${error.message}`)
    return 1
  }
  try {
    let last = 0
    const summary = await generate(warehouse, {
      ...command.options,
      onProgress: ({ events, target, seconds }) => {
        if (command.json || seconds - last < 2) return
        last = seconds
        const share = Math.min(100, Math.floor((events / target) * 100))
        progress(
          `  ${format(events)} of ${format(target)} events (${share} %), ${format(Math.round(events / seconds))} events/s`,
        )
      },
    })
    print(command.json ? JSON.stringify(summary) : describeSummary(summary, warehouse.description))
    return 0
  } catch (error) {
    progress(`leadhouse generate: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  } finally {
    await warehouse.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runGenerateCli(process.argv.slice(2))
}
