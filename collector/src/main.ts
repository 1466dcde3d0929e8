/**
 * `pnpm start`: the collector with the embedded warehouse (or CLICKHOUSE_URL), the demo site,
 * the dashboard and scheduled model builds. Problems at start are one line, not a stack.
 */
import { WarehouseUnavailableError } from '@leadhouse/warehouse'
import { MigrationError } from '@leadhouse/warehouse/raw'
import { KeysFileError } from './access/keys.js'
import { type CollectorConfig, ConfigError, loadConfig } from './config.js'
import { type RunningCollector, startCollector } from './server.js'
import { SpoolBindingError } from './spool/binding.js'

const log = (line: string) => console.log(`leadhouse: ${line}`)

async function main(): Promise<void> {
  // Signals are handled from the first moment: a stop asked for during start-up happens as soon
  // as start-up is done, draining the spool like any other.
  let collector: RunningCollector | undefined
  let stopSignal: string | undefined
  const stop = async (signal: string) => {
    if (stopSignal) return
    stopSignal = signal
    log(`${signal}: stopping`)
    if (collector) await shutDown(collector)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))

  try {
    const config = loadConfig()
    collector = await startCollector({ config, log })
    if (config.file) log(`config:    ${config.file}`)
    log(`warehouse: ${collector.warehouse.description}`)
    for (const line of config.deprecations) log(`notice: ${line}`)
    logKeys(collector, config)
    log(`collector  ${collector.url}/e`)
    log(
      `script     ${collector.url}/lh.js (this build, cached for good: ${collector.url}/v/${collector.sdkVersion}/lh.js)`,
    )
    log(`demo site  ${collector.url}/demo`)
    log(`dashboard  ${pagesUrl(collector, config)}/dashboard`)
    log(
      config.modelsIntervalMs > 0
        ? `models build every ${config.modelsIntervalMs / 1000}s when there is something new, or now: curl -X POST ${collector.url}/api/v1/models/run -H "Authorization: Bearer $ADMIN_KEY"`
        : `scheduled model builds are off; build now: curl -X POST ${collector.url}/api/v1/models/run -H "Authorization: Bearer $ADMIN_KEY"`,
    )
  } catch (error) {
    const expected = [
      ConfigError,
      KeysFileError,
      WarehouseUnavailableError,
      MigrationError,
      SpoolBindingError,
    ].some((type) => error instanceof type)
    console.error(`leadhouse: ${error instanceof Error ? error.message : String(error)}`)
    if (!expected && process.env.LEADHOUSE_DEBUG) console.error(error)
    process.exit(1)
  }
  if (stopSignal) await shutDown(collector)
}

/**
 * The keys: on the start that made them, the keys themselves (only their hashes are kept, so
 * this is the one time they can be seen) and where to log in; on any other start, how many
 * there are and where, nothing secret.
 */
function logKeys(collector: RunningCollector, config: CollectorConfig): void {
  const { file, active, generated } = collector.keys
  if (generated) {
    log(
      `first start: made an admin key and a read key, shown this once (${file} keeps only their hashes):`,
    )
    log(`  admin key  ${generated.admin}`)
    log(`  read key   ${generated.read}`)
    log(
      `log in to the dashboard at ${collector.url}/login with either; API calls send Authorization: Bearer <key>`,
    )
    log(
      'more keys, a list, revocation: pnpm leadhouse keys create --role read|sales|admin, keys list, keys revoke <id>',
    )
  } else if (active.admin + active.sales + active.read === 0) {
    log(
      `warning: no active keys, so the dashboard and APIs refuse everyone: pnpm leadhouse keys create --role admin (${file})`,
    )
  } else {
    const configured = config.adminKeys.length + config.readKeys.length
    log(
      `keys       ${active.admin} admin, ${active.read} read${active.sales ? `, ${active.sales} sales` : ''} (${configured ? `${configured} from the configuration, ` : ''}${file}); pnpm leadhouse keys list`,
    )
  }
  if (listensOnAnyAddress(config) && !config.publicUrl && config.allowedHosts.length === 0) {
    log(
      `note: the dashboard and APIs answer only to the loopback names; name this machine's in LEADHOUSE_ALLOWED_HOSTS or LEADHOUSE_PUBLIC_URL`,
    )
  }
}

function listensOnAnyAddress(config: CollectorConfig): boolean {
  return ['0.0.0.0', '::', ''].includes(config.host)
}

/**
 * Where a person opens the dashboard: the public URL, else the address it listens on, or
 * `localhost` when that is all addresses (whose Host, 0.0.0.0, the Host check refuses).
 */
function pagesUrl(collector: RunningCollector, config: CollectorConfig): string {
  if (config.publicUrl) return config.publicUrl
  if (!listensOnAnyAddress(config)) return collector.url
  return `http://localhost:${new URL(collector.url).port}`
}

async function shutDown(collector: RunningCollector): Promise<never> {
  await collector.close()
  process.exit(0)
}

await main()
