/**
 * `pnpm start`: the collector with the embedded warehouse (or CLICKHOUSE_URL), the demo site,
 * the dashboard and scheduled model builds. Problems at start are one line, not a stack.
 */
import { WarehouseUnavailableError } from '@leadhouse/warehouse'
import { ConfigError, loadConfig } from './config.js'
import { type RunningCollector, startCollector } from './server.js'
import { SpoolBindingError } from './spool/binding.js'
import { MigrationError } from './warehouse/migrate.js'

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
    const loopback = /^(127\.|localhost$|::1$)/.test(config.host)
    if (!loopback && config.secretKeys.length === 0) {
      log(
        `warning: no secret keys: POST /api/v1/crm, /costs, /erase, /links and /models/run are open to anyone who reaches ${config.host}`,
      )
    }
    if (!loopback && config.readTokens.length === 0) {
      log(
        `warning: no read tokens: the dashboard's read API is open to anyone who reaches ${config.host}`,
      )
    }
    log(`collector  ${collector.url}/e`)
    log(
      `script     ${collector.url}/lh.js (this build, cached for good: ${collector.url}/v/${collector.sdkVersion}/lh.js)`,
    )
    log(`demo site  ${collector.url}/demo`)
    log(`dashboard  ${collector.url}/dashboard`)
    log(
      config.modelsIntervalMs > 0
        ? `models build every ${config.modelsIntervalMs / 1000}s when there is something new, or now: curl -X POST ${collector.url}/api/v1/models/run`
        : `scheduled model builds are off; build now: curl -X POST ${collector.url}/api/v1/models/run`,
    )
  } catch (error) {
    const expected = [
      ConfigError,
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

async function shutDown(collector: RunningCollector): Promise<never> {
  await collector.close()
  process.exit(0)
}

await main()
