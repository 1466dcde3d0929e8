/**
 * A session an email click opened is channel `email` everywhere: in the touchpoints, the
 * activity log, the leads' first touch, the funnel, attribution and channel_kpis, because one
 * model decides it (int_touchpoints_classified). Hand-made journeys on the real embedded engine.
 *
 * MIA: a lead from Google (10-01); clicks an October mailing's link without UTM parameters on
 * 10-10 09:00:00 and lands 20 s later with no referrer (direct by its looks, the click's by the
 * rule); on 10-12 clicks the November teaser on her phone, lands 30 s later and fills the form
 * there (the phone becomes hers); on 10-14 a direct visit an hour after a click (no click's:
 * more than 10 minutes); an MQL on 10-15.
 * NOAH: known to the CRM since 10-02 (a contact), so on the mailing list; his first visit is a
 * click's (10-03), where he fills the form: his first touch is email.
 * LATE: a lead from a direct visit (10-05); the email links' click that opened it is stored after
 * a first build (a spool drained late): the next, incremental, build makes it email.
 */
import { buildModels } from '@leadhouse/models'
import type { PartialEventRow } from '@leadhouse/warehouse/raw'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event, identify } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const MIA = 'mia@example.com'
const NOAH = 'noah@example.com'
const LATE = 'late@example.com'

const VARS = { score_as_of: '2026-11-01 00:00:00', incremental_lookback_minutes: 0 }

/** A click recorded by the email links (`/c/…`): no browser, the mailing's campaign. */
function emailClick(at: string, email: string, campaign: string): PartialEventRow {
  return event('', at, {
    type: 'event',
    name: 'email_click',
    email,
    utm_medium: 'email',
    utm_campaign: campaign,
  })
}

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  await warehouse.client.insert({
    table: 'leadhouse.events',
    format: 'JSONEachRow',
    values: [
      event('mia-laptop', '2026-10-01 10:00:00', { referrer: 'https://www.google.de/' }),
      identify('mia-laptop', '2026-10-01 10:05:00', MIA),
      emailClick('2026-10-10 09:00:00', MIA, 'october'),
      event('mia-laptop', '2026-10-10 09:00:20'),
      emailClick('2026-10-12 08:00:00', MIA, 'november_teaser'),
      event('mia-phone', '2026-10-12 08:00:30'),
      identify('mia-phone', '2026-10-12 08:02:00', MIA),
      emailClick('2026-10-14 09:00:00', MIA, 'october'),
      event('mia-laptop', '2026-10-14 10:00:00'),
      emailClick('2026-10-03 09:00:00', NOAH, 'october'),
      event('noah-1', '2026-10-03 09:00:10'),
      identify('noah-1', '2026-10-03 09:01:00', NOAH),
      event('late-1', '2026-10-05 10:00:30'),
      identify('late-1', '2026-10-05 10:01:00', LATE),
    ],
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    format: 'JSONEachRow',
    values: [
      crm('contact-noah', 'contact', '2026-10-02 09:00:00', NOAH),
      crm('mql-mia', 'stage_change', '2026-10-15 09:00:00', MIA, { stage: 'mql' }),
    ],
  })
  const result = await buildModels({ warehouse, vars: VARS })
  expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
}, 120_000)

const table = async (sql: string, params: Record<string, unknown> = {}) =>
  (await rows<Record<string, unknown>>(await opened, sql, params)).map((row) => Object.values(row))

/** A lead's touches in order: channel, source, medium, campaign. */
const touches = (email: string) =>
  table(
    `SELECT channel, source, medium, campaign FROM leadhouse.touchpoints
     WHERE email = {email:String} ORDER BY ts`,
    { email },
  )

describe('a session an email click opened', () => {
  it('is channel email in the touchpoints, with the mailing as its campaign', async () => {
    expect(await touches(MIA)).toEqual([
      ['organic_search', 'google', 'organic', ''],
      // 20 s after the click; the click names no utm_source: source email.
      ['email', 'email', 'email', 'october'],
      // On the phone, identified in this very session.
      ['email', 'email', 'email', 'november_teaser'],
      // An hour after a click: no click's.
      ['direct', '(direct)', '(none)', ''],
    ])
    expect(await touches(NOAH)).toEqual([['email', 'email', 'email', 'october']])
    expect(await touches(LATE)).toEqual([['direct', '(direct)', '(none)', '']])
  })

  it('is channel email in the activity log, the leads mart and the funnel', async () => {
    expect(
      await table(
        `SELECT toString(ts), channel FROM leadhouse.activity_log
         WHERE email = {email:String} AND type = 'pageview' ORDER BY ts`,
        { email: MIA },
      ),
    ).toEqual([
      ['2026-10-01 10:00:00.000', 'organic_search'],
      ['2026-10-10 09:00:20.000', 'email'],
      ['2026-10-12 08:00:30.000', 'email'],
      ['2026-10-14 10:00:00.000', 'direct'],
    ])
    expect(
      await table('SELECT email, first_touch_channel FROM leadhouse.leads ORDER BY email'),
    ).toEqual([
      [LATE, 'direct'],
      [MIA, 'organic_search'],
      [NOAH, 'email'],
    ])
    expect(
      await table(
        `SELECT first_touch_channel, leads FROM leadhouse.funnel
         WHERE month = '2026-10-01' ORDER BY first_touch_channel`,
      ),
    ).toEqual([
      ['all', '3'],
      ['direct', '1'],
      ['email', '1'],
      ['organic_search', '1'],
    ])
  })

  it('is the same touch of the same channel in attribution and channel_kpis', async () => {
    // Every credited touch carries the touchpoint's own channel, source, medium and campaign.
    const differing = await table(
      `SELECT attribution.model, attribution.touchpoint_id, attribution.channel, touchpoints.channel
       FROM leadhouse.attribution AS attribution
       INNER JOIN leadhouse.touchpoints AS touchpoints
         ON toString(touchpoints.touchpoint_id) = attribution.touchpoint_id
       WHERE (attribution.channel, attribution.source, attribution.medium, attribution.campaign)
         != (touchpoints.channel, touchpoints.source, touchpoints.medium, touchpoints.campaign)`,
    )
    expect(differing).toEqual([])
    // Mia's MQL (10-15), linear: Google, the two clicks' sessions, the direct visit: ¼ each.
    expect(
      await table(
        `SELECT channel, campaign, credit FROM leadhouse.attribution
         WHERE email = {email:String} AND conversion = 'mql' AND model = 'linear'
         ORDER BY touch_position`,
        { email: MIA },
      ),
    ).toEqual([
      ['organic_search', '', 0.25],
      ['email', 'october', 0.25],
      ['email', 'november_teaser', 0.25],
      ['direct', '', 0.25],
    ])
    // October's sessions by channel and campaign: Mia's and Noah's two under october, the
    // teaser's one; Mia's last visit and Late's direct.
    expect(
      await table(
        `SELECT channel, campaign, sessions, visitors FROM leadhouse.channel_kpis
         WHERE month = '2026-10-01' AND model = 'linear' AND sessions > 0
         ORDER BY channel, campaign`,
      ),
    ).toEqual([
      ['direct', '', '2', '2'],
      ['email', 'november_teaser', '1', '1'],
      ['email', 'october', '2', '2'],
      ['organic_search', '', '1', '1'],
    ])
  })

  it('becomes email on the next build when the click is stored after its session, as a full refresh has it', async () => {
    const warehouse = await opened
    await warehouse.client.insert({
      table: 'leadhouse.events',
      format: 'JSONEachRow',
      values: [emailClick('2026-10-05 10:00:00', LATE, 'october')],
    })
    const snapshot = async () => ({
      touchpoints: await table(
        'SELECT touchpoint_id, channel, source, medium, campaign, touch_number FROM leadhouse.touchpoints ORDER BY touchpoint_id',
      ),
      attribution: await table(
        `SELECT conversion_id, model, touchpoint_id, channel, campaign, credit FROM leadhouse.attribution
         ORDER BY conversion_id, model, touch_position`,
      ),
      leads: await table('SELECT email, first_touch_channel FROM leadhouse.leads ORDER BY email'),
      activity: await table(
        'SELECT event_id, channel, seq FROM leadhouse.activity_log ORDER BY event_id',
      ),
      funnel: await table(
        'SELECT month, first_touch_channel, leads FROM leadhouse.funnel ORDER BY month, first_touch_channel',
      ),
    })
    const result = await buildModels({ warehouse, vars: VARS })
    expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
    expect(await touches(LATE)).toEqual([['email', 'email', 'email', 'october']])
    const incremental = await snapshot()
    expect((await buildModels({ warehouse, vars: VARS, fullRefresh: true })).success).toBe(true)
    expect(await snapshot()).toEqual(incremental)
    expect(incremental.leads).toContainEqual([LATE, 'email'])
  }, 120_000)
})
