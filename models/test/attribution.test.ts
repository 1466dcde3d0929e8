/**
 * The attribution marts (conversions, attribution_paths, attribution) on hand-made journeys,
 * every credit worked out by hand in the comments, on the real embedded engine. Defaults: a
 * 90-day window, a 7-day half-life, 40/40/20, 30/30/30/10 and 22.5 × 4 / 10.
 *
 * Time decay: a touch's weight is 2^(−Δ/7) with Δ its age in days (taken from the latest
 * touch: the same shares once normalised), divided by the weights' sum.
 */
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event, identify } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const SOLO = 'solo@example.com'
const DUO = 'duo@example.com'
const MANY = 'many@example.com'
const CROSS = 'cross@example.com'
const LATE = 'late@example.com'
const OLD = 'old@example.com'
const NOWEB = 'noweb@example.com'
const DIRECT = 'direct@example.com'
const RECY = 'recy@example.com'
const DEALS = 'deals@example.com'
const CLICK = 'click@example.com'

const VARS = { score_as_of: '2026-11-01 00:00:00', incremental_lookback_minutes: 0 }

const GOOGLE = { referrer: 'https://www.google.de/' }
const AD = { click_id_type: 'gclid', click_id: 'x' }
const NEWSLETTER = { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'oct' }
const LINKEDIN_ADS = { utm_source: 'linkedin', utm_medium: 'paid_social', utm_campaign: 'abm' }

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  await warehouse.client.insert({
    table: 'leadhouse.events',
    format: 'JSONEachRow',
    values: [
      // SOLO: one visit from Google, a form in it: a lead with a one-touch path.
      event('solo-1', '2026-10-01 10:00:00', GOOGLE),
      identify('solo-1', '2026-10-01 10:05:00', SOLO),
      // DUO: a direct visit, two days later a Google ad and a form.
      event('duo-1', '2026-10-01 09:00:00'),
      event('duo-1', '2026-10-03 09:00:00', AD),
      identify('duo-1', '2026-10-03 09:01:00', DUO),
      // MANY: six sessions on the way to a deal; a form in the second (T2).
      event('many-1', '2026-10-01 10:00:00', GOOGLE), // T1 organic_search
      event('many-1', '2026-10-05 10:00:00', NEWSLETTER), // T2 email
      identify('many-1', '2026-10-05 10:01:00', MANY),
      event('many-1', '2026-10-10 10:00:00'), // T3 direct
      event('many-1', '2026-10-12 10:00:00', LINKEDIN_ADS), // T4 paid_social
      event('many-1', '2026-10-20 10:00:00', { referrer: 'https://partner.example/' }), // T5 referral
      event('many-1', '2026-10-22 10:00:00'), // T6 direct
      // CROSS: LinkedIn on the laptop, a form; two days later an ad on the phone, the same email.
      event('cross-laptop', '2026-10-01 09:00:00', { referrer: 'https://www.linkedin.com/' }),
      identify('cross-laptop', '2026-10-01 09:05:00', CROSS),
      event('cross-phone', '2026-10-03 09:00:00', AD),
      identify('cross-phone', '2026-10-03 09:02:00', CROSS),
      // LATE: an ad in June, 122 days before a direct visit with a form.
      event('late-1', '2026-06-01 10:00:00', AD),
      event('late-1', '2026-10-01 10:00:00'),
      identify('late-1', '2026-10-01 10:05:00', LATE),
      // OLD: a lead since May, accepted by sales in October with no visit since.
      event('old-1', '2026-05-01 10:00:00', GOOGLE),
      identify('old-1', '2026-05-01 10:05:00', OLD),
      // DIRECT: three direct visits, a form in the last.
      event('direct-1', '2026-10-01 09:00:00'),
      event('direct-1', '2026-10-02 09:00:00'),
      event('direct-1', '2026-10-03 09:00:00'),
      identify('direct-1', '2026-10-03 09:05:00', DIRECT),
      // RECY: a lead from Google, MQL, rejected, back from the newsletter, MQL again.
      event('recy-1', '2026-09-01 10:00:00', GOOGLE),
      identify('recy-1', '2026-09-01 10:05:00', RECY),
      event('recy-1', '2026-09-20 10:00:00', NEWSLETTER),
      // DEALS: an ad and a form; later the newsletter; three deals won.
      event('deals-1', '2026-09-01 10:00:00', AD),
      identify('deals-1', '2026-09-01 10:05:00', DEALS),
      event('deals-1', '2026-09-20 10:00:00', NEWSLETTER),
      // CLICK: a lead from Google; later clicks a mailing's link without UTM parameters (the
      // email links record the click), landing 20 s later with no referrer: a direct session
      // by its own looks, the click's by the attribution. An open, and a click that opened no
      // session (no visit within 10 minutes), are no touches.
      event('click-1', '2026-10-01 10:00:00', GOOGLE),
      identify('click-1', '2026-10-01 10:05:00', CLICK),
      event('', '2026-10-10 09:00:00', {
        type: 'event',
        name: 'email_click',
        email: CLICK,
        utm_medium: 'email',
        utm_campaign: 'october',
      }),
      event('click-1', '2026-10-10 09:00:20'),
      event('', '2026-10-12 09:00:00', { type: 'event', name: 'email_open', email: CLICK }),
      event('', '2026-10-13 09:00:00', {
        type: 'event',
        name: 'email_click',
        email: CLICK,
        utm_medium: 'email',
        utm_campaign: 'october',
      }),
      event('click-1', '2026-10-13 10:00:00'),
    ],
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    format: 'JSONEachRow',
    values: [
      crm('mql-many', 'stage_change', '2026-10-12 12:00:00', MANY, { stage: 'mql' }),
      crm('opp-many', 'opportunity', '2026-10-13 09:00:00', MANY, {
        amount: 10000,
        currency: 'EUR',
      }),
      crm('deal-many', 'deal', '2026-10-22 12:00:00', MANY, {
        outcome: 'won',
        amount: 10000,
        currency: 'EUR',
      }),
      crm('accept-cross', 'sql_decision', '2026-10-04 09:00:00', CROSS, { decision: 'accepted' }),
      crm('accept-click', 'sql_decision', '2026-10-15 09:00:00', CLICK, { decision: 'accepted' }),
      crm('accept-old', 'sql_decision', '2026-10-01 09:00:00', OLD, { decision: 'accepted' }),
      crm('contact-noweb', 'contact', '2026-10-01 09:00:00', NOWEB),
      crm('mql-recy', 'stage_change', '2026-09-02 09:00:00', RECY, { stage: 'mql' }),
      crm('reject-recy', 'sql_decision', '2026-09-03 09:00:00', RECY, { decision: 'rejected' }),
      crm('mql-recy-2', 'stage_change', '2026-09-21 09:00:00', RECY, { stage: 'mql' }),
      crm('opp-deals', 'opportunity', '2026-09-05 09:00:00', DEALS, {
        amount: 1000,
        currency: 'USD',
      }),
      // 1,000 USD at September's 0.92: 920 EUR.
      crm('deal-deals-1', 'deal', '2026-09-10 09:00:00', DEALS, {
        outcome: 'won',
        amount: 1000,
        currency: 'USD',
      }),
      crm('deal-deals-2', 'deal', '2026-09-25 09:00:00', DEALS, {
        outcome: 'won',
        amount: 500,
        currency: 'EUR',
      }),
      // No rate for yen: kept out of revenue, and a warning.
      crm('deal-deals-3', 'deal', '2026-09-28 09:00:00', DEALS, {
        outcome: 'won',
        amount: 300,
        currency: 'JPY',
      }),
    ],
  })
  const result = await buildModels({ warehouse, vars: VARS })
  expect(
    result.results
      .filter((r) => !['success', 'pass'].includes(r.status))
      .map((r) => `${r.name} ${r.message}`),
  ).toEqual([
    'assert_conversions_revenue_has_exchange_rate Got 1 result, configured to warn if != 0',
  ])
})

const RULE_BASED = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'time_decay',
  'position_based',
  'w_shaped',
  'full_path',
] as const
/** Their weights come from every path of the month: models/test/data-driven-attribution.test.ts. */
const DATA_DRIVEN = ['markov', 'shapley'] as const

/** Rows of `query` as arrays of values, in column order. */
async function table(query: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  return (await rows(await opened, query, params)).map((row) => Object.values(row))
}

/**
 * The credits of a lead's `number`th conversion of kind `conversion`, per model: each credited
 * touch as `channel share` in path order, shares rounded to 4 places.
 */
async function credits(
  email: string,
  conversion: string,
  number = 1,
  models: readonly string[] = [...RULE_BASED, ...DATA_DRIVEN],
): Promise<Record<string, string>> {
  const found = await rows<{ model: string; credits: string }>(
    await opened,
    `SELECT model, arrayStringConcat(arrayMap(touch -> touch.2, arraySort(groupArray(
              (touch_position, concat(channel, ' ', toString(round(credit, 4))))))), ', ') AS credits
     FROM leadhouse.attribution
     WHERE conversion_id = (
         SELECT conversion_id FROM leadhouse.conversions
         WHERE email = {email:String} AND conversion = {conversion:String}
             AND conversion_number = {number:UInt32})
         AND model IN {models:Array(String)}
     GROUP BY model`,
    { email, conversion, number, models },
  )
  return Object.fromEntries(found.map((row) => [row.model, row.credits]))
}

/**
 * Every model giving the one credit `credit` (a path of one channel: the data-driven models,
 * whatever the weights, give that channel everything).
 */
function allModels(credit: string): Record<string, string> {
  return Object.fromEntries([...RULE_BASED, ...DATA_DRIVEN].map((model) => [model, credit]))
}

describe('conversions', () => {
  it('are the stage entries from lead on, each won deal, a recycled MQL again; revenue in the reporting currency', async () => {
    expect(
      await table(
        `SELECT email, conversion, conversion_number, converted_at, amount, currency, revenue, revenue_status
         FROM leadhouse.conversions WHERE email IN ({recy:String}, {deals:String})
         ORDER BY email, converted_at, conversion`,
        { recy: RECY, deals: DEALS },
      ),
    ).toEqual([
      [DEALS, 'lead', '1', '2026-09-01 10:05:00.000', null, '', 0, 'none'],
      [DEALS, 'opportunity', '1', '2026-09-05 09:00:00.000', null, '', 0, 'none'],
      // The first deal makes the customer stage; each deal is a conversion.
      [DEALS, 'customer', '1', '2026-09-10 09:00:00.000', 1000, 'USD', 920, 'converted'],
      [DEALS, 'customer', '2', '2026-09-25 09:00:00.000', 500, 'EUR', 500, 'converted'],
      [DEALS, 'customer', '3', '2026-09-28 09:00:00.000', 300, 'JPY', null, 'no_rate'],
      [RECY, 'lead', '1', '2026-09-01 10:05:00.000', null, '', 0, 'none'],
      [RECY, 'mql', '1', '2026-09-02 09:00:00.000', null, '', 0, 'none'],
      // Recycled on 09-03 (no conversion), an MQL again: a second MQL conversion.
      [RECY, 'mql', '2', '2026-09-21 09:00:00.000', null, '', 0, 'none'],
    ])
  })

  it('counts every lead entering each stage, a CRM-only lead too', async () => {
    expect(
      await table(
        `SELECT conversion, count() FROM leadhouse.conversions GROUP BY conversion ORDER BY conversion`,
      ),
    ).toEqual([
      ['customer', '4'], // MANY's deal, DEALS' three
      ['lead', '11'], // every lead
      ['mql', '3'], // MANY, RECY twice
      ['opportunity', '2'], // MANY, DEALS
      ['sql', '3'], // CROSS, OLD, CLICK
    ])
  })
})

describe('attribution_paths', () => {
  it('has the ordered channels of the sessions in the window before the conversion, on every device', async () => {
    expect(
      await table(
        `SELECT email, conversion, path_text, path_length, round(days_to_convert, 4), site_id
         FROM leadhouse.attribution_paths
         WHERE email IN ({many:String}, {cross:String}, {late:String}, {old:String}, {noweb:String})
         ORDER BY email, converted_at`,
        { many: MANY, cross: CROSS, late: LATE, old: OLD, noweb: NOWEB },
      ),
    ).toEqual([
      // The phone's session came after the form on the laptop: not in the lead's path.
      [CROSS, 'lead', 'organic_social', '1', 0.0035, 'acme'],
      // Both devices: 3 days from the laptop's visit to the acceptance.
      [CROSS, 'sql', 'organic_social > paid_search', '2', 3, 'acme'],
      // The June ad is 122 days before: out of the window.
      [LATE, 'lead', 'direct', '1', 0.0035, 'acme'],
      [MANY, 'lead', 'organic_search > email', '2', 4.0007, 'acme'],
      [MANY, 'mql', 'organic_search > email > direct > paid_social', '4', 11.0833, 'acme'],
      [MANY, 'opportunity', 'organic_search > email > direct > paid_social', '4', 11.9583, 'acme'],
      [
        MANY,
        'customer',
        'organic_search > email > direct > paid_social > referral > direct',
        '6',
        21.0833,
        'acme',
      ],
      // The CRM-only lead: no touch, no site.
      [NOWEB, 'lead', '(none)', '0', null, ''],
      [OLD, 'lead', 'organic_search', '1', 0.0035, 'acme'],
      // Accepted 153 days after the last visit: an empty path, the site of that visit.
      [OLD, 'sql', '(none)', '0', null, 'acme'],
    ])
  })
})

describe('attribution', () => {
  it('single touch: every model gives it all', async () => {
    expect(await credits(SOLO, 'lead')).toEqual(allModels('organic_search 1'))
  })

  it('two touches: first, last, half each, or by age', async () => {
    // direct (10-01 09:00), paid_search (10-03 09:00); converted 10-03 09:01.
    // time_decay: 2^(-2/7) = 0.820335 and 1, sum 1.820335: 0.4507 and 0.5493.
    // position_based: 0.4 and 0.4, scaled to sum 1: one half each. w_shaped: the lead-creation
    // touch is paid_search, no opportunity: position_based; full_path likewise.
    expect(await credits(DUO, 'lead', 1, RULE_BASED)).toEqual({
      first_touch: 'direct 1',
      last_touch: 'paid_search 1',
      last_non_direct: 'paid_search 1',
      linear: 'direct 0.5, paid_search 0.5',
      time_decay: 'direct 0.4507, paid_search 0.5493',
      position_based: 'direct 0.5, paid_search 0.5',
      w_shaped: 'direct 0.5, paid_search 0.5',
      full_path: 'direct 0.5, paid_search 0.5',
    })
  })

  it('many touches: each model on the customer conversion', async () => {
    // T1 organic_search 10-01, T2 email 10-05 (lead at 10-05 10:01), T3 direct 10-10,
    // T4 paid_social 10-12 (opportunity at 10-13 09:00), T5 referral 10-20, T6 direct 10-22
    // 10:00; won 10-22 12:00.
    // last_non_direct: T5, the latest that is not direct. linear: 1/6 = 0.1667.
    // time_decay: ages 21, 17, 12, 10, 2, 0 days: weights 0.125, 0.185749, 0.304753, 0.371499,
    // 0.820335, 1; sum 2.807337: 0.0445, 0.0662, 0.1086, 0.1323, 0.2922, 0.3562.
    // position_based: 0.4 first and last, 0.2 / 4 = 0.05 for each of the four between.
    // w_shaped: 0.3 to T1, T2 (lead creation) and T4 (opportunity creation); 0.1 / 3 = 0.0333 to
    // T3, T5 and T6. full_path: 0.225 to T1, T2, T4 and T6 (closing); 0.1 / 2 = 0.05 to T3, T5.
    expect(await credits(MANY, 'customer', 1, RULE_BASED)).toEqual({
      first_touch: 'organic_search 1',
      last_touch: 'direct 1',
      last_non_direct: 'referral 1',
      linear:
        'organic_search 0.1667, email 0.1667, direct 0.1667, paid_social 0.1667, referral 0.1667, direct 0.1667',
      time_decay:
        'organic_search 0.0445, email 0.0662, direct 0.1086, paid_social 0.1323, referral 0.2922, direct 0.3562',
      position_based:
        'organic_search 0.4, email 0.05, direct 0.05, paid_social 0.05, referral 0.05, direct 0.4',
      w_shaped:
        'organic_search 0.3, email 0.3, direct 0.0333, paid_social 0.3, referral 0.0333, direct 0.0333',
      full_path:
        'organic_search 0.225, email 0.225, direct 0.05, paid_social 0.225, referral 0.05, direct 0.225',
    })
  })

  it('many touches: milestones after the conversion fall back', async () => {
    // The lead conversion (10-05 10:01): T1, T2, ages 4 and 0 days: 2^(-4/7) = 0.67295 and 1,
    // sum 1.67295: 0.4023 and 0.5977. No opportunity yet: w_shaped and full_path are
    // position_based, one half each.
    expect(await credits(MANY, 'lead')).toMatchObject({
      time_decay: 'organic_search 0.4023, email 0.5977',
      w_shaped: 'organic_search 0.5, email 0.5',
      full_path: 'organic_search 0.5, email 0.5',
    })
    // The MQL (10-12 12:00), T1 to T4, still before the opportunity: position_based, 0.4, 0.1,
    // 0.1, 0.4. time_decay: ages 11, 7, 2, 0: 0.336475, 0.5, 0.820335, 1; sum 2.65681.
    expect(await credits(MANY, 'mql')).toMatchObject({
      time_decay: 'organic_search 0.1266, email 0.1882, direct 0.3088, paid_social 0.3764',
      position_based: 'organic_search 0.4, email 0.1, direct 0.1, paid_social 0.4',
      w_shaped: 'organic_search 0.4, email 0.1, direct 0.1, paid_social 0.4',
    })
    // The opportunity (10-13 09:00): both milestones, T2 and T4: w_shaped 0.3, 0.3, 0.1 (T3, the
    // only other touch), 0.3. full_path is for the customer conversion: here w_shaped.
    expect(await credits(MANY, 'opportunity')).toMatchObject({
      w_shaped: 'organic_search 0.3, email 0.3, direct 0.1, paid_social 0.3',
      full_path: 'organic_search 0.3, email 0.3, direct 0.1, paid_social 0.3',
    })
  })

  it("cross-device: the lead's sessions on all devices, in order", async () => {
    // organic_social on the laptop (10-01 09:00), paid_search on the phone (10-03 09:00);
    // accepted 10-04 09:00. time_decay: ages 2 and 0 days, as DUO's: 0.4507, 0.5493.
    expect(await credits(CROSS, 'sql', 1, RULE_BASED)).toEqual({
      first_touch: 'organic_social 1',
      last_touch: 'paid_search 1',
      last_non_direct: 'paid_search 1',
      linear: 'organic_social 0.5, paid_search 0.5',
      time_decay: 'organic_social 0.4507, paid_search 0.5493',
      position_based: 'organic_social 0.5, paid_search 0.5',
      // The lead-creation touch is the laptop's (the first too); no opportunity: position_based.
      w_shaped: 'organic_social 0.5, paid_search 0.5',
      full_path: 'organic_social 0.5, paid_search 0.5',
    })
    expect(
      await table(
        `SELECT anonymous_id FROM leadhouse.touchpoints WHERE toString(touchpoint_id) IN (
             SELECT touchpoint_id FROM leadhouse.attribution
             WHERE email = {email:String} AND conversion = 'sql' AND model = 'linear')
         ORDER BY ts`,
        { email: CROSS },
      ),
    ).toEqual([['cross-laptop'], ['cross-phone']])
  })

  it('outside the window: no credit; none in it: one (none) row with credit 1', async () => {
    // LATE's June ad is 122 days before: the direct visit gets everything.
    expect(await credits(LATE, 'lead')).toEqual(allModels('direct 1'))
    expect(await credits(OLD, 'sql')).toEqual(allModels('(none) 1'))
    expect(await credits(NOWEB, 'lead')).toEqual(allModels('(none) 1'))
    expect(
      await table(
        `SELECT DISTINCT lead_id, site_id, touch_position, touchpoint_id, touched_at, source
         FROM leadhouse.attribution WHERE email = {email:String} AND conversion = 'sql'`,
        { email: OLD },
      ),
    ).toEqual([[OLD, 'acme', '0', '', null, '']])
  })

  it('email clicks: the session a click opened is channel email; opens and other clicks are no touch', async () => {
    // Google (10-01), the clicked link's session (10-10 09:00:20), a direct visit (10-13 10:00,
    // an hour after the second click); accepted 10-15 09:00.
    expect(await credits(CLICK, 'sql')).toMatchObject({
      first_touch: 'organic_search 1',
      last_touch: 'direct 1',
      last_non_direct: 'email 1',
      linear: 'organic_search 0.3333, email 0.3333, direct 0.3333',
    })
    expect(
      await table(
        `SELECT channel, source, medium, campaign FROM leadhouse.attribution
         WHERE email = {email:String} AND conversion = 'sql' AND model = 'linear' ORDER BY touch_position`,
        { email: CLICK },
      ),
    ).toEqual([
      ['organic_search', 'google', 'organic', ''],
      ['email', 'email', 'email', 'october'],
      ['direct', '(direct)', '(none)', ''],
    ])
  })

  it('all direct: last_non_direct takes the latest', async () => {
    // Three direct visits, 10-01, 10-02, 10-03 09:00; time_decay: 0.820335, 0.905724, 1 (sum
    // 2.726059): 0.3009, 0.3322, 0.3668. position_based: 0.4, 0.2, 0.4.
    expect(await credits(DIRECT, 'lead')).toEqual({
      first_touch: 'direct 1',
      last_touch: 'direct 1',
      last_non_direct: 'direct 1',
      linear: 'direct 0.3333, direct 0.3333, direct 0.3333',
      time_decay: 'direct 0.3009, direct 0.3322, direct 0.3668',
      position_based: 'direct 0.4, direct 0.2, direct 0.4',
      w_shaped: 'direct 0.4, direct 0.2, direct 0.4',
      full_path: 'direct 0.4, direct 0.2, direct 0.4',
      // One channel: all its weight, shared equally by its touches.
      markov: 'direct 0.3333, direct 0.3333, direct 0.3333',
      shapley: 'direct 0.3333, direct 0.3333, direct 0.3333',
    })
    expect(
      await table(
        `SELECT touch_position FROM leadhouse.attribution
         WHERE email = {email:String} AND model = 'last_non_direct'`,
        { email: DIRECT },
      ),
    ).toEqual([['3']])
  })

  it('recycled: each MQL entry is credited on its own path', async () => {
    expect(await credits(RECY, 'mql', 1)).toEqual(allModels('organic_search 1'))
    // Back from the newsletter 09-20 10:00, MQL again 09-21 09:00: ages 19 and 0 days,
    // 2^(-19/7) = 0.152377 and 1, sum 1.152377: 0.1322, 0.8678.
    expect(await credits(RECY, 'mql', 2, RULE_BASED)).toEqual({
      first_touch: 'organic_search 1',
      last_touch: 'email 1',
      last_non_direct: 'email 1',
      linear: 'organic_search 0.5, email 0.5',
      time_decay: 'organic_search 0.1322, email 0.8678',
      position_based: 'organic_search 0.5, email 0.5',
      w_shaped: 'organic_search 0.5, email 0.5',
      full_path: 'organic_search 0.5, email 0.5',
    })
  })

  it('multi-deal: each deal is credited, its revenue shared by credit, a deal without a rate left out', async () => {
    // Deal 1 (09-10): the ad alone, 920 EUR. Deal 2 (09-25): the ad (the first, lead-creation
    // and opportunity-creation touch: 0.225 × 3) and the newsletter (closing, 0.225; no other
    // touch for the rest's 0.1), scaled by 0.9: 0.75 and 0.25 of 500 EUR.
    expect(await credits(DEALS, 'customer', 1)).toEqual(allModels('paid_search 1'))
    expect(await credits(DEALS, 'customer', 2)).toMatchObject({
      linear: 'paid_search 0.5, email 0.5',
      time_decay: 'paid_search 0.1322, email 0.8678',
      // w_shaped: the ad holds all three roles (0.9), the newsletter the rest (0.1).
      w_shaped: 'paid_search 0.9, email 0.1',
      full_path: 'paid_search 0.75, email 0.25',
    })
    expect(
      await table(
        `SELECT model, round(sum(revenue), 2), countIf(revenue IS NULL), round(sum(credit), 6)
         FROM leadhouse.attribution WHERE email = {email:String} AND conversion = 'customer'
             AND model IN ('linear', 'full_path')
         GROUP BY model ORDER BY model`,
        { email: DEALS },
      ),
    ).toEqual([
      // 920 + 0.75 × 500 + nothing for the yen deal (two touches, NULL revenue).
      ['full_path', 1420, '2', 3],
      ['linear', 1420, '2', 3],
    ])
    expect(
      await table(
        `SELECT channel, round(sum(revenue), 2) FROM leadhouse.attribution
         WHERE email = {email:String} AND model = 'full_path' GROUP BY channel ORDER BY channel`,
        { email: DEALS },
      ),
    ).toEqual([
      ['email', 125],
      ['paid_search', 1295],
    ])
  })

  it('credits sum to 1 per conversion and model, and every conversion has every model', async () => {
    expect(
      await table(
        `SELECT count(), countIf(abs(total - 1) > 1e-9), uniqExact(conversion_id)
         FROM (SELECT conversion_id, model, sum(credit) AS total FROM leadhouse.attribution
               GROUP BY conversion_id, model)`,
      ),
    ).toEqual([[String(23 * 10), '0', '23']])
  })
})

/**
 * attribution_daily against the attribution mart it sums, asked here independently: the days,
 * models, kinds, sites and channels, and their credits to 1e-9.
 */
async function dailyDiffers(): Promise<unknown[][]> {
  return table(
    `SELECT day, model, conversion, first_of_kind, site_id, channel, a.credit, d.credit
     FROM (
       SELECT toDate(converted_at) AS day, model, conversion,
         conversion_id IN (SELECT conversion_id FROM leadhouse.conversions WHERE conversion_number = 1)
           AS first_of_kind,
         site_id, channel, sum(credit) AS credit
       FROM leadhouse.attribution
       GROUP BY ALL
     ) AS a
     FULL JOIN (SELECT * REPLACE (toFloat64(credit) AS credit) FROM leadhouse.attribution_daily) AS d
       USING (day, model, conversion, first_of_kind, site_id, channel)
     WHERE ifNull(abs(a.credit - d.credit) > 1e-9, true)
     SETTINGS join_use_nulls = 1`,
  )
}

describe('incremental builds', () => {
  it('give the same attribution marts as a full rebuild after new events and CRM stages', async () => {
    const warehouse = await opened
    await warehouse.client.insert({
      table: 'leadhouse.events',
      format: 'JSONEachRow',
      values: [
        // DUO comes back from LinkedIn's ads; SOLO on a new phone, the same email.
        event('duo-1', '2026-10-20 09:00:00', LINKEDIN_ADS),
        event('solo-2', '2026-10-21 09:00:00', AD),
        identify('solo-2', '2026-10-21 09:01:00', SOLO),
      ],
    })
    await warehouse.client.insert({
      table: 'leadhouse.crm_events',
      format: 'JSONEachRow',
      values: [
        crm('opp-duo', 'opportunity', '2026-10-21 09:00:00', DUO, {
          amount: 2000,
          currency: 'GBP',
        }),
        crm('accept-solo', 'sql_decision', '2026-10-22 09:00:00', SOLO, { decision: 'accepted' }),
      ],
    })
    const marts = ['conversions', 'attribution_paths', 'attribution', 'attribution_daily']
    const fingerprints = async () =>
      Object.fromEntries(
        await Promise.all(
          marts.map(async (mart) => [
            mart,
            await table(`SELECT count(), groupBitXor(cityHash64(*)) FROM leadhouse.${mart}`),
          ]),
        ),
      )
    const incremental = await buildModels({ warehouse, vars: VARS })
    expect(incremental.results.filter((r) => r.status === 'error')).toEqual([])
    // DUO's opportunity: direct, paid_search, paid_social; the lead-creation touch the ad (T2),
    // the opportunity-creation touch LinkedIn's (T3): w_shaped 0.3 each, no touch left for the
    // rest's 0.1, scaled by 0.9: a third each.
    expect(await credits(DUO, 'opportunity')).toMatchObject({
      w_shaped: 'direct 0.3333, paid_search 0.3333, paid_social 0.3333',
      last_touch: 'paid_social 1',
    })
    // SOLO's acceptance: Google on the first device, the ad on the second.
    expect(await credits(SOLO, 'sql')).toMatchObject({
      first_touch: 'organic_search 1',
      last_touch: 'paid_search 1',
    })
    // The days DUO's and SOLO's conversions are on were summed again, and only as they are now.
    expect(await dailyDiffers()).toEqual([])
    const afterIncremental = await fingerprints()
    const full = await buildModels({ warehouse, vars: VARS, fullRefresh: true })
    expect(full.results.filter((r) => r.status === 'error')).toEqual([])
    expect(await fingerprints()).toEqual(afterIncremental)
  })

  it('redo only the leads whose inputs changed, and every lead when a setting changed', async () => {
    const warehouse = await opened
    // Marks on the rows of DEALS, whom nothing new touches: a redone row would lose them.
    await warehouse.client.command({
      query: `ALTER TABLE leadhouse.attribution UPDATE campaign = 'marked' WHERE email = {email:String}`,
      query_params: { email: DEALS },
      clickhouse_settings: { mutations_sync: '2' },
    })
    await warehouse.client.insert({
      table: 'leadhouse.events',
      format: 'JSONEachRow',
      values: [event('direct-1', '2026-10-03 08:00:00', GOOGLE)],
    })
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    // DIRECT's new first touch, from Google, an hour before the last direct visit.
    expect(await credits(DIRECT, 'lead')).toMatchObject({
      first_touch: 'direct 1',
      last_non_direct: 'organic_search 1',
    })
    expect(
      await table(
        `SELECT countIf(campaign = 'marked'), count() FROM leadhouse.attribution WHERE email = {email:String}`,
        { email: DEALS },
      ),
    ).toEqual([['62', '62']]) // kept: 3 one-touch conversions × 10 models, 2 two-touch ones × 16 rows
    // (13 rule-based, markov's 2, shapley's 1: September's weights did not move)
    // A var only attribution reads: every lead is redone, as a full rebuild would.
    const vars = {
      ...VARS,
      attribution_models: ['linear', 'w_shaped'],
      attribution_half_life_days: 1,
    }
    expect((await buildModels({ warehouse, vars })).success).toBe(true)
    expect(
      await table(
        `SELECT model, countIf(campaign = 'marked'), uniqExact(conversion_id) FROM leadhouse.attribution
         GROUP BY model ORDER BY model`,
      ),
    ).toEqual([
      // The 23 conversions, DUO's opportunity and SOLO's acceptance: each in the two models.
      ['linear', '0', '25'],
      ['w_shaped', '0', '25'],
    ])
    // Every day changed: the models' columns left attribution_daily with the rows.
    expect(await dailyDiffers()).toEqual([])
    expect((await buildModels({ warehouse, vars: VARS, fullRefresh: true })).success).toBe(true)
  })
})
