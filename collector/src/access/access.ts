/**
 * What the collector knows to check credentials: the keys it accepts and the sessions it
 * signed. Opened once at start; at the first start with no keys configured, it makes the
 * admin and read keys.
 */
import type { CollectorConfig } from '../config.js'
import { type ConfiguredKey, KeyRing } from './key-ring.js'
import { generateFirstKeys, keysFile } from './keys.js'
import { Sessions } from './sessions.js'

export interface Access {
  keys: KeyRing
  sessions: Sessions
}

export interface OpenedAccess extends Access {
  /** The keys made by this start (the first on this data directory), to be shown once. */
  generated?: { admin: string; read: string } | undefined
}

/** The keys the configuration sets, with their roles. */
export function configuredKeys(config: CollectorConfig): ConfiguredKey[] {
  return [
    ...config.adminKeys.map((key) => ({ key, role: 'admin' as const })),
    ...config.readKeys.map((key) => ({ key, role: 'read' as const })),
  ]
}

/**
 * The keys and sessions of `config.stateDir`. With `generate` and no keys configured, a data
 * directory without a keys file gets one with a new admin and read key (returned in
 * `generated`). Throws a `KeysFileError` when the keys file is there but broken.
 */
export function openAccess(
  config: Pick<CollectorConfig, 'adminKeys' | 'readKeys' | 'stateDir' | 'sessionTtlMs'>,
  { generate = false, log = () => {} }: { generate?: boolean; log?: (line: string) => void } = {},
): OpenedAccess {
  const file = keysFile(config.stateDir)
  const configured = configuredKeys(config as CollectorConfig)
  const generated = generate && configured.length === 0 ? generateFirstKeys(file) : undefined
  return {
    keys: new KeyRing(file, configured, log),
    sessions: new Sessions(config.stateDir, config.sessionTtlMs),
    generated,
  }
}
