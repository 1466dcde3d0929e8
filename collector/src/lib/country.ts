import { isIPv4 } from 'node:net'
import type { CountryResponse, Reader } from 'maxmind'

/** The ISO 3166-1 alpha-2 country of a client address, or '' when the database does not know it. */
export type CountryLookup = (address: string) => string

/**
 * The country a MaxMind DB (`reader`) has for `address`: its `country`, else its
 * `registered_country` (anycast networks, satellites); '' when it has none, or when `address`
 * is not an address.
 */
export function countryOf(reader: Reader<CountryResponse>, address: string): string {
  const mapped = address.startsWith('::ffff:') ? address.slice(7) : address
  const v4 = isIPv4(mapped)
  // An IPv4-only database has nothing to say about IPv6 addresses (its tree would answer
  // with whatever the address's first 32 bits happen to match).
  if (!v4 && reader.metadata.ipVersion === 4) return ''
  try {
    const found = reader.get(v4 ? mapped : address)
    return found?.country?.iso_code ?? found?.registered_country?.iso_code ?? ''
  } catch {
    return '' // not an address: a unix socket, an empty or forged header
  }
}
