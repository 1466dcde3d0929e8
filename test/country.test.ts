/**
 * Country enrichment as a deployment meets it: a MaxMind DB file configured, visitors behind a
 * reverse proxy, the country stored beside the anonymised address and never the address.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { configFromEnv, type RunningCollector, startCollector } from '@leadhouse/collector'
import { writeCountryMmdb } from '@leadhouse/collector/testing'
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'

let collector: RunningCollector
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
  collector = await startCollector({
    config: {
      ...configFromEnv({
        PORT: '0',
        LEADHOUSE_MODELS_INTERVAL: '0',
        LEADHOUSE_SPOOL_DIR: temporaryDataDir(),
        LEADHOUSE_TRUST_PROXY: 'true',
        LEADHOUSE_COUNTRY_DB: countryDatabase,
      }),
      warehouse: { dataDir: temporaryDataDir() },
    },
    log: () => {},
  })
})
afterAll(async () => collector?.close())

it('stores the country of the visitor and only the anonymised address', async () => {
  const visit = async (forwardedFor: string) => {
    const id = randomUUID()
    const response = await fetch(`${collector.url}/e`, {
      method: 'POST',
      headers: { 'user-agent': BROWSER, 'x-forwarded-for': `${forwardedFor}, 10.0.0.2` },
      body: JSON.stringify({
        s: 'demo',
        e: [{ i: id, t: 'pageview', ts: Date.now(), a: 'v1', u: 'https://a.test/', p: '/' }],
      }),
    })
    expect(response.status).toBe(202)
    return id
  }
  const ids = [
    await visit('203.0.113.77'),
    await visit('2001:db8:85a3:7::1'),
    await visit('192.0.2.10'),
  ]
  await collector.spool.drain()
  const stored = await rows<{ event_id: string; ip: string; country: string }>(
    collector.warehouse,
    `SELECT event_id, ip, country FROM leadhouse.events WHERE event_id IN ({ids:Array(String)})`,
    { ids },
  )
  const byId = new Map(stored.map((row) => [row.event_id, row]))
  expect(ids.map((id) => byId.get(id))).toEqual([
    { event_id: ids[0], ip: '203.0.113.0', country: 'DE' },
    { event_id: ids[1], ip: '2001:db8:85a3::', country: 'FR' },
    { event_id: ids[2], ip: '192.0.2.0', country: '' },
  ])
})
