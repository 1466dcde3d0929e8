/**
 * The data-driven attribution models (markov, shapley) on a small example worked out by hand,
 * on the real embedded engine: three leads converting (the lead conversion: identified) and four
 * visitors who never did, in October 2026, over two channels, organic_search (A, from Google)
 * and paid_search (B, an ad).
 *
 *   L1  A > A > B  converted      V1  A      not converted
 *   L2  B          converted      V2  A      not converted
 *   L3  A          converted      V3  B > A  not converted
 *                                 V4  B      not converted
 *
 * Markov (first-order chain; L1's A > A self-transition left out, which changes no absorption
 * probability): (start) → A 4/7, → B 3/7. A → B 1/5 (L1), → (conversion) 1/5 (L3), → (null)
 * 3/5 (V1, V2, V3). B → (conversion) 2/4 (L1, L2), → A 1/4 (V3), → (null) 1/4 (V4).
 * The conversion probabilities vA = vB/5 + 1/5 and vB = 1/2 + vA/4 give vA = 6/19, vB = 11/19,
 * and from (start) P = 4/7 · 6/19 + 3/7 · 11/19 = 57/133 = 3/7.
 * Without A (its visits go to (null)): P = 3/7 · 1/2 = 3/14; removal effect 1 − (3/14)/(3/7) = 1/2.
 * Without B: vA = 1/5, P = 4/7 · 1/5 = 4/35; removal effect 1 − (4/35)/(3/7) = 11/15.
 * Shares: A (1/2)/(37/30) = 15/37 = 0.4054, B (11/15)/(37/30) = 22/37 = 0.5946.
 *
 * Shapley (fractribution's channel sets): worth v({A}) = 1/3 (L3 of L3, V1, V2), v({B}) = 1/2
 * (L2 of L2, V4), v({A, B}) = 1/2 (L1 of L1, V3), v(∅) = 0. In {A, B}:
 * φA = ½ (v({A}) − v(∅)) + ½ (v({A, B}) − v({B})) = ½ · 1/3 + ½ · 0 = 1/6;
 * φB = ½ (v({B}) − v(∅)) + ½ (v({A, B}) − v({A})) = ½ · 1/2 + ½ · 1/6 = 1/3 (φA + φB = v({A, B})).
 * Weights 1/3 and 2/3. A one-channel set: its channel's value is the set's worth, weight 1.
 *
 * L1's credit: a channel's weight divided equally among its touches. markov: A 15/37 / 2 =
 * 0.2027 twice, B 0.5946; shapley: A 1/3 / 2 = 0.1667 twice, B 0.6667.
 *
 * September, a negative Shapley value: M1 A converted, M2 A > B converted; W1 A > B, W2 A > B
 * and W3 B did not.
 * Markov: (start) → A 4/5, → B 1/5; A → (conversion) 1/4, → B 3/4; B → (conversion) 1/4,
 * → (null) 3/4. vB = 1/4, vA = 1/4 + 3/4 · 1/4 = 7/16, P = 4/5 · 7/16 + 1/5 · 1/4 = 2/5.
 * Without A: P = 1/5 · 1/4 = 1/20, removal effect 1 − (1/20)/(2/5) = 7/8. Without B: vA = 1/4,
 * P = 1/5, removal effect 1/2. Weights A 7/11 = 0.6364, B 4/11 = 0.3636.
 * Shapley: v({A}) = 1 (M1), v({B}) = 0 (W3), v({A, B}) = 1/3 (M2 against W1, W2). In {A, B}:
 * φA = ½ (1 − 0) + ½ (1/3 − 0) = 2/3, φB = ½ (0 − 0) + ½ (1/3 − 1) = −1/3: B's paths convert
 * worse with it. Clipped at 0 and normalised (as fractribution does): A 1, B 0, so M2's B
 * touch gets no shapley row.
 */
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { event, identify } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const VARS = { score_as_of: '2026-11-01 00:00:00', incremental_lookback_minutes: 0 }
const GOOGLE = { referrer: 'https://www.google.de/' } // A: organic_search
const AD = { click_id_type: 'gclid', click_id: 'x' } // B: paid_search

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  await warehouse.client.insert({
    table: 'leadhouse.events',
    format: 'JSONEachRow',
    values: [
      event('l1', '2026-10-01 10:00:00', GOOGLE),
      event('l1', '2026-10-03 10:00:00', GOOGLE),
      event('l1', '2026-10-05 10:00:00', AD),
      identify('l1', '2026-10-05 10:05:00', 'l1@example.com'),
      event('l2', '2026-10-02 10:00:00', AD),
      identify('l2', '2026-10-02 10:05:00', 'l2@example.com'),
      event('l3', '2026-10-04 10:00:00', GOOGLE),
      identify('l3', '2026-10-04 10:05:00', 'l3@example.com'),
      event('v1', '2026-10-06 10:00:00', GOOGLE),
      event('v2', '2026-10-07 10:00:00', GOOGLE),
      event('v3', '2026-10-08 10:00:00', AD),
      event('v3', '2026-10-09 10:00:00', GOOGLE),
      event('v4', '2026-10-10 10:00:00', AD),
      event('m1', '2026-09-01 10:00:00', GOOGLE),
      identify('m1', '2026-09-01 10:05:00', 'm1@example.com'),
      event('m2', '2026-09-02 10:00:00', GOOGLE),
      event('m2', '2026-09-04 10:00:00', AD),
      identify('m2', '2026-09-04 10:05:00', 'm2@example.com'),
      event('w1', '2026-09-05 10:00:00', GOOGLE),
      event('w1', '2026-09-06 10:00:00', AD),
      event('w2', '2026-09-07 10:00:00', GOOGLE),
      event('w2', '2026-09-08 10:00:00', AD),
      event('w3', '2026-09-09 10:00:00', AD),
    ],
  })
  const result = await buildModels({ warehouse, vars: VARS })
  expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
})

/** Rows of `query` as arrays of values, in column order. */
async function table(query: string): Promise<unknown[][]> {
  return (await rows(await opened, query)).map((row) => Object.values(row))
}

describe('attribution_non_converting_paths', () => {
  it('has the visitors who never converted, their sessions up to the last, in its month', async () => {
    expect(
      await table(
        `SELECT person, toString(month), arrayStringConcat(channel_path, ' > ')
         FROM leadhouse.attribution_non_converting_paths WHERE conversion = 'lead' ORDER BY person`,
      ),
    ).toEqual([
      ['anonymous:v1', '2026-10-01', 'organic_search'],
      ['anonymous:v2', '2026-10-01', 'organic_search'],
      ['anonymous:v3', '2026-10-01', 'paid_search > organic_search'],
      ['anonymous:v4', '2026-10-01', 'paid_search'],
      ['anonymous:w1', '2026-09-01', 'organic_search > paid_search'],
      ['anonymous:w2', '2026-09-01', 'organic_search > paid_search'],
      ['anonymous:w3', '2026-09-01', 'paid_search'],
    ])
  })
})

describe('attribution_channel_weights', () => {
  it('markov: per month, the removal effects and their shares', async () => {
    expect(
      await table(
        `SELECT toString(month), channel, round(value, 4), round(weight, 4)
         FROM leadhouse.attribution_channel_weights
         WHERE conversion = 'lead' AND model = 'markov' ORDER BY month, channel`,
      ),
    ).toEqual([
      ['2026-09-01', 'organic_search', 0.875, 0.6364],
      ['2026-09-01', 'paid_search', 0.5, 0.3636],
      ['2026-10-01', 'organic_search', 0.5, 0.4054],
      ['2026-10-01', 'paid_search', 0.7333, 0.5946],
    ])
  })

  it('shapley: per month and converting set, the values and their shares, negative ones clipped', async () => {
    expect(
      await table(
        `SELECT toString(month), channel_set, channel, round(value, 4), round(weight, 4)
         FROM leadhouse.attribution_channel_weights
         WHERE conversion = 'lead' AND model = 'shapley' ORDER BY month, channel_set, channel`,
      ),
    ).toEqual([
      ['2026-09-01', 'organic_search', 'organic_search', 1, 1],
      ['2026-09-01', 'organic_search,paid_search', 'organic_search', 0.6667, 1],
      ['2026-09-01', 'organic_search,paid_search', 'paid_search', -0.3333, 0],
      ['2026-10-01', 'organic_search', 'organic_search', 0.3333, 1],
      ['2026-10-01', 'organic_search,paid_search', 'organic_search', 0.1667, 0.3333],
      ['2026-10-01', 'organic_search,paid_search', 'paid_search', 0.3333, 0.6667],
      ['2026-10-01', 'paid_search', 'paid_search', 0.5, 1],
    ])
  })

  it('has no weights for a kind nobody converted to', async () => {
    expect(
      await table(`SELECT DISTINCT conversion FROM leadhouse.attribution_channel_weights`),
    ).toEqual([['lead']])
  })
})

describe('attribution (markov, shapley)', () => {
  it("shares a conversion's credit by its channels' weights, equally among a channel's touches", async () => {
    expect(
      await table(
        `SELECT email, model, arrayStringConcat(arrayMap(touch -> touch.2, arraySort(groupArray(
                   (touch_position, concat(channel, ' ', toString(round(credit, 4))))))), ', ')
         FROM leadhouse.attribution WHERE model IN ('markov', 'shapley')
         GROUP BY email, model ORDER BY email, model`,
      ),
    ).toEqual([
      [
        'l1@example.com',
        'markov',
        'organic_search 0.2027, organic_search 0.2027, paid_search 0.5946',
      ],
      [
        'l1@example.com',
        'shapley',
        'organic_search 0.1667, organic_search 0.1667, paid_search 0.6667',
      ],
      ['l2@example.com', 'markov', 'paid_search 1'],
      ['l2@example.com', 'shapley', 'paid_search 1'],
      ['l3@example.com', 'markov', 'organic_search 1'],
      ['l3@example.com', 'shapley', 'organic_search 1'],
      ['m1@example.com', 'markov', 'organic_search 1'],
      ['m1@example.com', 'shapley', 'organic_search 1'],
      ['m2@example.com', 'markov', 'organic_search 0.6364, paid_search 0.3636'],
      // B's weight 0: no row for its touch.
      ['m2@example.com', 'shapley', 'organic_search 1'],
    ])
  })

  it('gives credits summing to 1 per conversion and model', async () => {
    expect(
      await table(
        `SELECT count(), countIf(abs(total - 1) > 1e-9)
         FROM (SELECT conversion_id, model, sum(credit) AS total FROM leadhouse.attribution
               WHERE model IN ('markov', 'shapley') GROUP BY conversion_id, model)`,
      ),
    ).toEqual([['10', '0']])
  })
})

describe('incremental builds (markov, shapley)', () => {
  it("redo the leads whose month's weights moved, as a full rebuild would, and keep the others", async () => {
    const warehouse = await opened
    // Marks on September's rows: nothing new in September, their weights stay, the rows too.
    await warehouse.client.command({
      query: `ALTER TABLE leadhouse.attribution UPDATE campaign = 'marked' WHERE converted_at < '2026-10-01'`,
      clickhouse_settings: { mutations_sync: '2' },
    })
    // One more visitor from Google in October who never converts: A → (null) once more, so
    // October's weights move for every lead converting then, none of whose own data changed.
    await warehouse.client.insert({
      table: 'leadhouse.events',
      format: 'JSONEachRow',
      values: [event('v5', '2026-10-11 10:00:00', GOOGLE)],
    })
    const attribution = () =>
      table(
        `SELECT email, model, touch_position, round(credit, 12), campaign FROM leadhouse.attribution
         WHERE model IN ('markov', 'shapley') ORDER BY email, model, touch_position`,
      )
    const before = await attribution()
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    const incremental = await attribution()
    expect(incremental).not.toEqual(before)
    // (start) → A 5/8, → B 3/8; A → B 1/6, → (conversion) 1/6, → (null) 4/6; B as before.
    // vA = vB/6 + 1/6, vB = 1/2 + vA/4: vA = 6/23, vB = 13/23, P = 5/8 · 6/23 + 3/8 · 13/23 = 3/8.
    // Without A: P = 3/8 · 1/2 = 3/16, effect 1/2. Without B: vA = 1/6, P = 5/48, effect
    // 1 − (5/48)/(3/8) = 13/18. Shares A 9/22 = 0.4091, B 13/22 = 0.5909; L1's A touches 9/44.
    expect(
      incremental
        .filter((row) => row[0] === 'l1@example.com' && row[1] === 'markov')
        .map((row) => Number(row[3]).toFixed(4)),
    ).toEqual(['0.2045', '0.2045', '0.5909'])
    expect(incremental.filter((row) => row[4] === 'marked').map((row) => [row[0], row[1]])).toEqual(
      [
        ['m1@example.com', 'markov'],
        ['m1@example.com', 'shapley'],
        ['m2@example.com', 'markov'],
        ['m2@example.com', 'markov'],
        ['m2@example.com', 'shapley'],
      ],
    )
    expect((await buildModels({ warehouse, vars: VARS, fullRefresh: true })).success).toBe(true)
    expect((await attribution()).map((row) => row.slice(0, 4))).toEqual(
      incremental.map((row) => row.slice(0, 4)),
    )
  })
})

describe('incremental builds (non-converting paths, weights)', () => {
  it('redo only the people and the months with new data, as a full rebuild would', async () => {
    const warehouse = await opened
    // Marks on rows nothing new touches (V3's and W1's paths; September's and October's
    // weights): a row built again would lose them. No column read downstream is marked.
    await warehouse.client.command({
      query: `ALTER TABLE leadhouse.attribution_non_converting_paths UPDATE last_touched_at = '2000-01-01'
              WHERE person IN ('anonymous:v3', 'anonymous:w1')`,
      clickhouse_settings: { mutations_sync: '2' },
    })
    await warehouse.client.command({
      query: `ALTER TABLE leadhouse.attribution_channel_weights UPDATE value = -1 WHERE true`,
      clickhouse_settings: { mutations_sync: '2' },
    })
    await warehouse.client.insert({
      table: 'leadhouse.events',
      format: 'JSONEachRow',
      values: [
        // V1 comes back in November from an ad: a November path; October's stays.
        event('v1', '2026-11-02 10:00:00', AD),
        // V2 comes back from Google in November and fills the form: a lead since November, so
        // October's path stays a non-conversion of the lead kind, now under their email.
        event('v2', '2026-11-03 10:00:00', GOOGLE),
        identify('v2', '2026-11-03 10:05:00', 'v2@example.com'),
      ],
    })
    expect((await buildModels({ warehouse, vars: VARS })).success).toBe(true)
    const paths = () =>
      table(
        `SELECT person, toString(month), arrayStringConcat(channel_path, ' > '), inputs_fingerprint,
                toString(inserted_at)
         FROM leadhouse.attribution_non_converting_paths WHERE conversion = 'lead' ORDER BY person, month`,
      )
    const incremental = await paths()
    expect(incremental.map((row) => row.slice(0, 3))).toEqual([
      ['anonymous:v1', '2026-10-01', 'organic_search'],
      ['anonymous:v1', '2026-11-01', 'organic_search > paid_search'],
      ['anonymous:v3', '2026-10-01', 'paid_search > organic_search'],
      ['anonymous:v4', '2026-10-01', 'paid_search'],
      ['anonymous:v5', '2026-10-01', 'organic_search'],
      ['anonymous:w1', '2026-09-01', 'organic_search > paid_search'],
      ['anonymous:w2', '2026-09-01', 'organic_search > paid_search'],
      ['anonymous:w3', '2026-09-01', 'paid_search'],
      ['v2@example.com', '2026-10-01', 'organic_search'],
    ])
    expect(
      await table(
        `SELECT DISTINCT person FROM leadhouse.attribution_non_converting_paths
         WHERE last_touched_at < '2001-01-01' ORDER BY person`,
      ),
    ).toEqual([['anonymous:v3'], ['anonymous:w1']])
    // October's paths are the same as before (V2's under another name): its weights are kept.
    // November's are new.
    expect(
      await table(
        `SELECT toString(month), toUInt8(countIf(value = -1) > 0), toUInt8(countIf(value != -1) > 0)
         FROM leadhouse.attribution_channel_weights GROUP BY month ORDER BY month`,
      ),
    ).toEqual([
      ['2026-09-01', 1, 0],
      ['2026-10-01', 1, 0],
      ['2026-11-01', 0, 1],
    ])
    const weights = () =>
      table(
        `SELECT conversion, toString(month), model, channel_set, channel, round(weight, 12), inputs_fingerprint
         FROM leadhouse.attribution_channel_weights ORDER BY ALL`,
      )
    const credits = () =>
      table(
        `SELECT conversion_id, model, touch_position, round(credit, 12) FROM leadhouse.attribution
         WHERE model IN ('markov', 'shapley') ORDER BY ALL`,
      )
    const [incrementalWeights, incrementalCredits] = [await weights(), await credits()]
    expect((await buildModels({ warehouse, vars: VARS, fullRefresh: true })).success).toBe(true)
    expect(await paths()).toEqual(incremental)
    expect(await weights()).toEqual(incrementalWeights)
    expect(await credits()).toEqual(incrementalCredits)
  })
})
