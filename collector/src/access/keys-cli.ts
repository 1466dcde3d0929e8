/**
 * `leadhouse keys list | create --role read|sales|admin [--name NAME] | revoke
 * <id>`: works on the
 * keys file in the data directory, also while the server runs (it picks changes up within a
 * second). Keys the configuration sets are listed but are changed in the configuration.
 */
import { type CollectorConfig, ConfigError, loadConfig } from '../config.js'
import { configuredKeyId } from './key-ring.js'
import {
  createKey,
  KeysFileError,
  keysFile,
  ROLES,
  type Role,
  readKeys,
  revokeKey,
} from './keys.js'

export const KEYS_USAGE = `usage: leadhouse keys list
       leadhouse keys create --role read|sales|admin [--name NAME]
       leadhouse keys revoke <id>

  list    the keys, masked, with id, role, creation time and whether revoked
  create  makes a key and prints it once (only its hash is stored); a sales key's
          name is the salesperson its MQL queue and decisions are for
  revoke  refuses the key, and ends its dashboard sessions, within a second`

export interface KeysArguments {
  positionals: string[]
  role?: string | undefined
  name?: string | undefined
}

/** Runs a `keys` command; returns the exit code. */
export function runKeys(
  { positionals, role, name }: KeysArguments,
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): number {
  const [, command, ...rest] = positionals
  const fail = (message: string, usage = false) => {
    print(`leadhouse: ${message}${usage ? `\n\n${KEYS_USAGE}` : ''}`)
    return 2
  }
  let config: CollectorConfig
  try {
    config = loadConfig(env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return fail(error.message)
  }
  const file = keysFile(config.stateDir)
  try {
    if (command === 'list') {
      if (rest.length)
        return fail(`keys list takes no arguments, got ${JSON.stringify(rest[0])}`, true)
      listKeys(config, file, print)
      return 0
    }
    if (command === 'create') {
      if (rest.length)
        return fail(
          `keys create takes no positional arguments, got ${JSON.stringify(rest[0])}`,
          true,
        )
      if (!role) return fail('--role: name the role of the new key, read, sales or admin', true)
      if (!ROLES.includes(role as Role))
        return fail(`--role: must be read, sales or admin, got ${JSON.stringify(role)}`)
      if (name !== undefined && (name.length === 0 || name.length > 200))
        return fail('--name: must be 1 to 200 characters')
      if (role === 'sales' && !name?.trim())
        return fail(
          "--name: a sales key needs the salesperson's name (its queue and decisions are theirs)",
        )
      const { key, record } = createKey(file, role as Role, name ?? '')
      print(
        `made ${record.role} key ${record.id}; it is shown this once, only its hash is kept in ${file}:`,
      )
      print(key)
      return 0
    }
    if (command === 'revoke') {
      const [id] = rest
      if (!id || rest.length > 1)
        return fail('keys revoke: name one key id (see leadhouse keys list)', true)
      const fromConfig = [...config.adminKeys, ...config.readKeys].some(
        (key) => configuredKeyId(key) === id,
      )
      if (fromConfig)
        return fail(
          `${id}: is set by the configuration (LEADHOUSE_ADMIN_KEY, LEADHOUSE_READ_KEYS or the config file): remove it there and restart`,
        )
      const revoked = revokeKey(file, id)
      if (!revoked) return fail(`${id}: no key with this id in ${file} (see leadhouse keys list)`)
      print(
        `revoked ${revoked.role} key ${revoked.id} (${revoked.masked}); the running server refuses it within a second`,
      )
      return 0
    }
  } catch (error) {
    if (!(error instanceof KeysFileError)) throw error
    print(`leadhouse: ${error.message}`)
    return 1
  }
  return fail(
    command ? `keys: unknown command ${JSON.stringify(command)}` : 'keys: name a command',
    true,
  )
}

function listKeys(config: CollectorConfig, file: string, print: (line: string) => void): void {
  const rows: string[][] = [['id', 'role', 'created', 'key', 'status', 'name']]
  for (const [keys, role] of [
    [config.adminKeys, 'admin'],
    [config.readKeys, 'read'],
  ] as const) {
    for (const key of keys)
      rows.push([
        configuredKeyId(key),
        role,
        '-',
        `${key.slice(0, 4)}…`,
        'active',
        '(configuration)',
      ])
  }
  const stored = readKeys(file) ?? []
  for (const key of stored) {
    rows.push([
      key.id,
      key.role,
      key.created,
      key.masked,
      key.revoked ? `revoked ${key.revoked}` : 'active',
      key.name,
    ])
  }
  if (rows.length === 1) {
    print(`no keys: ${file} does not exist yet; the server makes the first ones at its first start`)
    return
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  for (const row of rows)
    print(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
}
