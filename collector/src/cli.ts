/**
 * `pnpm leadhouse keys ...`: lists, makes and revokes keys (see `access/keys-cli.ts`).
 * `pnpm leadhouse backup|restore ...`: copies the stopped installation's data directory (see
 * `backup-cli.ts`).
 * `pnpm leadhouse import <crm|costs> <file.csv|file.json>`: sends the sales log or campaign spend
 * to the running Leadhouse. The embedded warehouse belongs to the server's process, so the CLI
 * talks to the server's API rather than opening the data directory. The address and secret key
 * come from the same config as the server's, or from --url and --key.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { KEYS_USAGE, runKeys } from './access/keys-cli.js'
import { BACKUP_USAGE, runBackup } from './backup-cli.js'
import { ConfigError, loadConfig } from './config.js'

const USAGE = `usage: leadhouse import <crm|costs> <file.csv|file.json> [--url URL] [--key ADMIN_KEY]

  crm    the sales log: id, type, occurred_at, email, stage, decision, outcome, amount, ...
  costs  campaign spend: day, channel, source, medium, campaign, cost, currency, ...

Files ending in .json hold {"records": [...]} (crm) or {"costs": [...]} (costs); anything else is
read as CSV with a header line. Columns and fields are listed in docs/http-api.md. The admin key comes
from --key, else LEADHOUSE_KEY, else the first one the configuration sets.

${KEYS_USAGE}

${BACKUP_USAGE}`

interface Answer {
  accepted?: number
  rejected?: { index?: number; line?: number; message: string }[]
  error?: { message: string }
}

/** Runs the CLI; returns the exit code. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  print = console.log,
): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    print(`leadhouse: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (positionals[0] === 'keys') return runKeys({ positionals, ...values }, env, print)
  if (positionals[0] === 'backup' || positionals[0] === 'restore')
    return runBackup({ positionals, 'data-dir': values['data-dir'] }, env, print)
  const [command, kind, file] = positionals
  if (
    command !== 'import' ||
    (kind !== 'crm' && kind !== 'costs') ||
    !file ||
    positionals.length > 3
  ) {
    print(USAGE)
    return 2
  }
  let url = values.url ?? env.LEADHOUSE_URL
  let key = values.key ?? env.LEADHOUSE_KEY
  if (!url || !key) {
    try {
      const config = loadConfig(env)
      url ??= `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`
      key ??= config.adminKeys[0]
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      print(`leadhouse: ${error.message}`)
      return 2
    }
  }
  let body: string
  try {
    body = readFileSync(file, 'utf8')
  } catch (error) {
    print(
      `leadhouse: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    )
    return 2
  }
  const json = file.endsWith('.json')
  const endpoint = `${url.replace(/\/$/, '')}/api/v1/${kind}${json ? '' : '/csv'}`
  let response: Response
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      body,
      headers: {
        'content-type': json ? 'application/json' : 'text/csv',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    })
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const reason = cause?.code ?? cause?.message ?? (error as Error).message
    print(
      `leadhouse: no Leadhouse answers at ${url} (${reason}): start it with \`pnpm start\`, or pass --url`,
    )
    return 1
  }
  const answer = (await response.json().catch(() => ({}))) as Answer
  if (response.status >= 400 && answer.accepted === undefined) {
    print(
      `leadhouse: ${file}: ${answer.error?.message ?? `the server answered ${response.status}`}`,
    )
    for (const item of answer.rejected ?? []) print(`  ${item.message}`)
    return 1
  }
  const refused = answer.rejected ?? []
  print(
    `${file}: ${answer.accepted} ${kind === 'crm' ? 'records' : 'cost rows'} imported, ${refused.length} refused`,
  )
  for (const item of refused) print(`  ${item.message}`)
  return refused.length ? 1 : 0
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2))
}
