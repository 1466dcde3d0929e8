import { readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type CountryDatabase, openCountryDatabase } from './country-database.js'
import { writeCountryMmdb } from './lib/mmdb-fixture.js'

const opened: CountryDatabase[] = []
afterEach(() => {
  for (const database of opened.splice(0)) database.close()
})

function fixture(networks: Parameters<typeof writeCountryMmdb>[0]): string {
  const path = join(temporaryDataDir(), 'countries.mmdb')
  writeFileSync(path, writeCountryMmdb(networks))
  return path
}

async function open(path: string, log: (line: string) => void = () => {}, pollMs?: number) {
  const database = await openCountryDatabase(path, { log, ...(pollMs ? { pollMs } : {}) })
  opened.push(database)
  return database
}

describe('openCountryDatabase', () => {
  const networks = {
    '203.0.113.0/24': { country: { iso_code: 'DE', names: { en: 'Germany' } } },
    '198.51.100.0/25': { registered_country: { iso_code: 'AT' } },
    '2001:db8:85a3::/48': { country: { iso_code: 'FR' }, continent: { code: 'EU' } },
  }

  it('names the path and the problem when the file is missing or no MaxMind DB', async () => {
    const missing = join(temporaryDataDir(), 'GeoLite2-Country.mmdb')
    await expect(open(missing)).rejects.toThrow(
      `${missing}: cannot be opened as a MaxMind DB country database (ENOENT)`,
    )
    const text = join(temporaryDataDir(), 'countries.mmdb')
    writeFileSync(text, 'network,country\n203.0.113.0/24,DE\n')
    await expect(open(text)).rejects.toThrow(`${text}: cannot be opened as a MaxMind DB`)
  })

  it('uses a replaced file without a restart, and keeps the old one when the new one is broken', async () => {
    const path = fixture(networks)
    const lines: string[] = []
    const { lookup } = await open(path, (line) => lines.push(line), 20)
    const touch = (seconds: number) => utimesSync(path, seconds, seconds)
    // The watcher takes its first stat of the file asynchronously: a change made before that
    // stat is its starting point and never reported. So the file's time is moved on again until
    // the watcher reports a change (the file replaced once more, as a cron job would). By the
    // clock, not by counting sleeps: on a loaded machine each sleep and poll runs late.
    const touchUntilReported = async (seconds: number) => {
      const before = lines.length
      const deadline = Date.now() + 15_000
      for (let step = 0; lines.length === before && Date.now() < deadline; step++) {
        touch(seconds + step)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      return lines.slice(before)
    }

    writeFileSync(path, writeCountryMmdb({ '203.0.113.0/24': { country: { iso_code: 'NL' } } }))
    const reloaded = await touchUntilReported(2_000_000_000)
    expect(reloaded.length).toBeGreaterThan(0)
    expect(new Set(reloaded)).toEqual(new Set([`country database reloaded: ${path}`]))
    expect(lookup('203.0.113.77')).toBe('NL')

    const good = readFileSync(path)
    writeFileSync(path, good.subarray(0, 40))
    const refused = await touchUntilReported(2_000_000_100)
    expect(refused.length).toBeGreaterThan(0)
    for (const line of refused) {
      expect(line).toMatch(`${path}: cannot be opened as a MaxMind DB country database`)
      expect(line).toMatch(/still using the previous one$/)
    }
    expect(lookup('203.0.113.77')).toBe('NL')
  })
})
