/**
 * `pnpm demo`: Leadhouse with a few months of a generated B2B site, on a data directory of its
 * own (`.leadhouse/demo`), the models built, and a link that opens the dashboard logged in.
 * Stop it with Ctrl-C; start it again and it reuses the data. Problems at start are one line.
 */
import { parseArgs } from 'node:util'
import { ConfigError, DemoDirectoryError, type RunningCollector } from '@leadhouse/collector'
import { DEMO_DEFAULTS, type RunningDemo, startDemo } from './demo.js'

const USAGE = `usage: pnpm demo [--data-dir DIR] [--events N]

Starts Leadhouse on a data directory of the demo's own, filled on the first start with
${DEMO_DEFAULTS.days} days of a generated B2B site (visits, leads, CRM journeys, spend), the models
built, and prints a link that opens the dashboard logged in (once, while the demo runs). Your
installation's data directory (LEADHOUSE_DATA_DIR, .leadhouse/data) and CLICKHOUSE_URL are not
used. PORT and HOST as for pnpm start (default 8787 on 127.0.0.1).

  --data-dir DIR   the demo's directory: new, empty, or an earlier demo's (default ${DEMO_DEFAULTS.dataDir})
  --events N       events to generate on the first start (default ${DEMO_DEFAULTS.events})
  -h, --help       print this text`

const log = (line: string) => console.log(`leadhouse demo: ${line}`)
const format = (n: number) => n.toLocaleString('en-US')

function parse(argv: string[]): { dataDir?: string; events?: number } | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      events: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return undefined
  const events = values.events === undefined ? undefined : Number(values.events)
  if (events !== undefined && !(Number.isInteger(events) && events >= 1000))
    throw new Error(`--events must be a whole number of at least 1000, got ${values.events}`)
  return {
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(events ? { events } : {}),
  }
}

function describe(demo: RunningDemo): void {
  const { collector, generated } = demo
  log(`data       ${demo.dataDir} (the demo's own; delete it to start afresh)`)
  if (generated)
    log(
      `generated  ${format(generated.events)} events, ${format(generated.leads)} leads, ${format(generated.won)} deals won, ${generated.from} .. ${generated.to}, in ${generated.seconds} s; models built in ${demo.modelsSeconds?.toFixed(1)} s`,
    )
  else log('reused     the data and models of the first start')
  printKeys(collector)
  log(`demo site  ${collector.url}/demo`)
  log('dashboard, logged in (the link works once, while this demo runs):')
  console.log(`  ${demo.loginLink}`)
}

function printKeys(collector: RunningCollector): void {
  const { generated, file } = collector.keys
  if (generated)
    log(
      `keys       admin ${generated.admin}, read ${generated.read} (shown this once; ${file} keeps their hashes)`,
    )
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parse>
  try {
    options = parse(process.argv.slice(2))
  } catch (error) {
    console.error(`leadhouse demo: ${(error as Error).message.split('\n')[0]} (--help for usage)`)
    process.exit(2)
  }
  if (!options) {
    console.log(USAGE)
    return
  }
  let demo: RunningDemo | undefined
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping`)
    // During start-up: as soon as it is done (a first start's data is then complete).
    if (!demo) return
    await demo.collector.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  try {
    demo = await startDemo({
      ...options,
      port: process.env.PORT,
      host: process.env.HOST,
      log: (line) => log(line),
    })
  } catch (error) {
    const expected = error instanceof DemoDirectoryError || error instanceof ConfigError
    console.error(`leadhouse demo: ${error instanceof Error ? error.message : String(error)}`)
    if (!expected && process.env.LEADHOUSE_DEBUG) console.error(error)
    process.exit(1)
  }
  if (stopping) {
    await demo.collector.close()
    process.exit(0)
  }
  describe(demo)
}

await main()
