/**
 * Country enrichment as a deployment meets it: a MaxMind DB file configured, visitors behind a
 * reverse proxy, the country stored beside the anonymised address and never the address.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeCountryMmdb } from '@leadhouse/collector/testing'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestCollector, type TestCollector } from './support/collector.js'

let collector: TestCollector
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

beforeAll(async () => {
  const countryDatabase = join(temporaryDataDir(), 'GeoLite2-Country.mmdb')
  writeFileSync(
    countryDatabase,
    writeCountryMmdb({
      '203.0.113.0/24': { country: { iso_code: 'DE' } },
      '2001:db8:85a3::/48': { country: { iso_code: 'FR' } },
    }),
  )
  collector = await startTestCollector({
    env: {
      // Two proxies of ours: the outer one appends the visitor's address, the inner one its own.
      LEADHOUSE_TRUST_PROXY: '2',
      LEADHOUSE_COUNTRY_DB: countryDatabase,
    },
    config: {
      sites: [
        { id: 'demo', origins: [] },
        // A site that asks for less: hashed addresses, no country.
        { id: 'private', origins: [], privacy: { ip: 'hash', country: false } },
      ],
    },
  })
})
afterAll(async () => collector?.close())

async function visit(forwardedFor: string, site = 'demo'): Promise<string> {
  const id = randomUUID()
  const response = await fetch(`${collector.url}/e`, {
    method: 'POST',
    headers: { 'user-agent': BROWSER, 'x-forwarded-for': `${forwardedFor}, 10.0.0.2` },
    body: JSON.stringify({
      s: site,
      e: [{ i: id, t: 'pageview', ts: Date.now(), a: 'v1', u: 'https://a.test/', p: '/' }],
    }),
  })
  expect(response.status).toBe(202)
  return id
}

async function stored(ids: string[]): Promise<({ ip: string; country: string } | undefined)[]> {
  await collector.spool.drain()
  const found = await rows<{ event_id: string; ip: string; country: string }>(
    collector.warehouse,
    `SELECT event_id, ip, country FROM leadhouse.events WHERE event_id IN ({ids:Array(String)})`,
    { ids },
  )
  const byId = new Map(found.map(({ event_id, ...row }) => [event_id, row]))
  return ids.map((id) => byId.get(id))
}

it('stores the country of the visitor and only the anonymised address', async () => {
  const ids = [
    await visit('203.0.113.77'),
    await visit('2001:db8:85a3:7::1'),
    await visit('192.0.2.10'),
  ]
  expect(await stored(ids)).toEqual([
    { ip: '203.0.113.0', country: 'DE' },
    { ip: '2001:db8:85a3::', country: 'FR' },
    { ip: '192.0.2.0', country: '' },
  ])
})

it("follows a site's privacy options: a daily hash for the address, no country", async () => {
  const [first, second] = await stored([
    await visit('203.0.113.77', 'private'),
    await visit('203.0.113.77', 'private'),
  ])
  expect(first).toEqual({ ip: expect.stringMatching(/^[0-9a-f]{16}$/), country: '' })
  // The same visitor on the same day: the same hash, so visits still count once.
  expect(second).toEqual(first)
})
