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
 */
import { buildModels } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { event } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const VARS = { score_as_of: '2026-11-01 00:00:00', incremental_lookback_minutes: 0 }
const GOOGLE = { referrer: 'https://www.google.de/' } // A: organic_search
const AD = { click_id_type: 'gclid', click_id: 'x' } // B: paid_search

function identify(anonymousId: string, at: string, email: string) {
  return event(anonymousId, at, { type: 'identify', path: '/contact', email })
}

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
    ])
  })
})

describe('attribution_channel_weights', () => {
  it('markov: removal effects 1/2 and 11/15, shares 15/37 and 22/37', async () => {
    expect(
      await table(
        `SELECT channel, round(value, 4), round(weight, 4) FROM leadhouse.attribution_channel_weights
         WHERE conversion = 'lead' AND model = 'markov' ORDER BY channel`,
      ),
    ).toEqual([
      ['organic_search', 0.5, 0.4054],
      ['paid_search', 0.7333, 0.5946],
    ])
  })

  it('shapley: per converting set, the values and their shares', async () => {
    expect(
      await table(
        `SELECT channel_set, channel, round(value, 4), round(weight, 4)
         FROM leadhouse.attribution_channel_weights
         WHERE conversion = 'lead' AND model = 'shapley' ORDER BY channel_set, channel`,
      ),
    ).toEqual([
      ['organic_search', 'organic_search', 0.3333, 1],
      ['organic_search,paid_search', 'organic_search', 0.1667, 0.3333],
      ['organic_search,paid_search', 'paid_search', 0.3333, 0.6667],
      ['paid_search', 'paid_search', 0.5, 1],
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
    ])
  })

  it('gives credits summing to 1 per conversion and model', async () => {
    expect(
      await table(
        `SELECT count(), countIf(abs(total - 1) > 1e-9)
         FROM (SELECT conversion_id, model, sum(credit) AS total FROM leadhouse.attribution
               WHERE model IN ('markov', 'shapley') GROUP BY conversion_id, model)`,
      ),
    ).toEqual([['6', '0']])
  })
})
