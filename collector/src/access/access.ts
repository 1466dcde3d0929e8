/**
 * What the collector knows to check credentials: the keys it accepts and the sessions it
 * signed. Opened once at start; once the collector serves, the first start with no keys
 * configured makes the admin and read keys.
 */
import type { CollectorConfig } from '../config.js'
import { type ConfiguredKey, KeyRing } from './key-ring.js'
import { keysFile, readKeys, writeFirstKeys } from './keys.js'
import type { OneTimeLogins } from './one-time-logins.js'
import { Sessions } from './sessions.js'

export interface Access {
  keys: KeyRing
  sessions: Sessions
  /** One-time login links: only a demo's collector has them (`pnpm demo`). */
  oneTimeLogins?: OneTimeLogins
}

/** The keys the configuration sets, with their roles. */
export function configuredKeys(
  config: Pick<CollectorConfig, 'adminKeys' | 'readKeys'>,
): ConfiguredKey[] {
  return [
    ...config.adminKeys.map((key) => ({ key, role: 'admin' as const })),
    ...config.readKeys.map((key) => ({ key, role: 'read' as const })),
  ]
}

type AccessConfig = Pick<CollectorConfig, 'adminKeys' | 'readKeys' | 'stateDir' | 'sessionTtlMs'>

/**
 * The keys and sessions of `config.stateDir`. Throws a `KeysFileError` when the keys file is
 * there but broken.
 */
export function openAccess(
  config: AccessConfig,
  { log = () => {} }: { log?: (line: string) => void } = {},
): Access {
  const file = keysFile(config.stateDir)
  readKeys(file) // a broken file stops the start here, naming the file
  return {
    keys: new KeyRing(file, configuredKeys(config), log),
    sessions: new Sessions(config.stateDir, config.sessionTtlMs),
  }
}

/**
 * The first start's keys: with no keys configured and no keys file yet, an admin and a read
 * key are made, stored hashed, taken into `access` at once, and returned to be shown this once.
 */
export function generateFirstKeys(
  config: AccessConfig,
  access: Access,
): { admin: string; read: string } | undefined {
  if (configuredKeys(config).length > 0) return undefined
  const generated = writeFirstKeys(keysFile(config.stateDir))
  if (generated) access.keys.reload()
  return generated
}
