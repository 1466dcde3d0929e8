import { type CountryResponse, Reader } from 'maxmind'
import { describe, expect, it } from 'vitest'
import { countryOf } from './country.js'
import { writeCountryMmdb } from './mmdb-fixture.js'

describe('countryOf', () => {
  const networks = {
    '203.0.113.0/24': { country: { iso_code: 'DE', names: { en: 'Germany' } } },
    '198.51.100.0/25': { registered_country: { iso_code: 'AT' } },
    '2001:db8:85a3::/48': { country: { iso_code: 'FR' }, continent: { code: 'EU' } },
  }
  const reader = new Reader<CountryResponse>(writeCountryMmdb(networks))
  const lookup = (address: string) => countryOf(reader, address)

  it('finds the country of IPv4, IPv4-mapped and IPv6 addresses', () => {
    expect(lookup('203.0.113.77')).toBe('DE')
    expect(lookup('::ffff:203.0.113.1')).toBe('DE')
    expect(lookup('2001:db8:85a3:1::42')).toBe('FR')
    // A network only registered to a country (anycast, satellites) answers with that one.
    expect(lookup('198.51.100.3')).toBe('AT')
  })

  it('answers empty for addresses it does not know and for what is not an address', () => {
    expect(lookup('198.51.100.200')).toBe('')
    expect(lookup('192.0.2.1')).toBe('')
    expect(lookup('2001:db8:85a4::1')).toBe('')
    expect(lookup('')).toBe('')
    expect(lookup('not an address')).toBe('')
  })
})
