import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EventRow } from '@leadhouse/warehouse/raw'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { Spool } from '../spool/spool.js'
import { spooledEventStore, warehouseInserter } from './event-store.js'

const opened = openTemporaryWarehouse().then(async (warehouse) => {
  await migrate(warehouse)
  return warehouse
})
afterAll(async () => (await opened).close())

const pageview: EventRow = {
  event_id: '00000000-0000-4000-8000-000000000001',
  site_id: 'acme',
  type: 'pageview',
  ts: '2026-11-23 10:00:00.125',
  client_ts: '2026-11-23 10:00:00.125',
  received_at: '2026-11-23 10:00:01.000',
  anonymous_id: 'visitor-1',
  session_id: 'session-1',
  url: 'https://acme.test/pricing?utm_source=news&gclid=abc',
  path: '/pricing',
  title: 'Pricing "plans"\tand\nmore',
  referrer: 'https://search.test/',
  utm_source: 'news',
  utm_medium: 'email',
  utm_campaign: 'launch',
  utm_term: 'crm',
  utm_content: 'hero',
  click_id_type: 'gclid',
  click_id: 'abc',
  email: '',
  name: '',
  props: '{}',
  is_pricing: true,
  language: 'de-DE',
  timezone: 'Europe/Berlin',
  screen: '1920x1080',
  engaged_ms: 1500,
  scroll_depth: 75,
  browser: 'Chrome',
  browser_version: '131',
  os: 'macOS',
  device: 'desktop',
  is_bot: false,
  ip: '203.0.113.0',
  country: 'DE',
}

describe('events through the spool', () => {
  it('arrive in the warehouse as they were stored, every column, from the compact layout', async () => {
    const warehouse = await opened
    const dir = temporaryDataDir()
    const spool = await Spool.open({ dir, insert: warehouseInserter(warehouse) })
    // An email click as the link routes record it: only some columns set.
    const click: Partial<EventRow> = {
      event_id: '00000000-0000-4000-8000-000000000002',
      site_id: 'acme',
      type: 'event',
      ts: '2026-11-23 11:00:00.000',
      client_ts: '2026-11-23 11:00:00.000',
      received_at: '2026-11-23 11:00:00.000',
      url: 'https://acme.test/webinar',
      email: 'ada@example.com',
      name: 'email_click',
      props: '{"campaign":"launch"}',
    }
    await spooledEventStore(spool).insertEvents([pageview, click as EventRow])
    // Arrays on disk: no column names repeated in every line.
    const [segment] = readdirSync(dir)
    const lines = readFileSync(join(dir, segment as string), 'utf8')
      .trim()
      .split('\n')
    expect(lines.map((line) => line.split('\t')[0])).toEqual(['events/1', 'events/1'])
    expect(lines[0]).not.toContain('"event_id"')
    await spool.close()

    const stored = await rows<Record<string, unknown>>(
      warehouse,
      `SELECT * EXCEPT (event_id), toString(event_id) AS event_id FROM leadhouse.events
       WHERE site_id = 'acme' ORDER BY ts`,
    )
    expect(stored).toHaveLength(2)
    expect(stored[0]).toEqual(pageview)
    expect(stored[1]).toMatchObject({
      ...click,
      anonymous_id: '',
      is_pricing: false,
      engaged_ms: 0,
      browser: '',
      country: '',
    })
  })
})
