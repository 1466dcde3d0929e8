/**
 * The synthetic data generator on a real embedded warehouse: the same seed gives the same rows,
 * volumes and shares are as asked, Leadhouse's models build green on what it writes, and the
 * CLI works as a separate process. One engine for the file; each run goes to its own database.
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { buildModels } from '@leadhouse/models'
import type { Warehouse } from '@leadhouse/warehouse'
import { migrate, toDateTime64 } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRIES, PAID_CAMPAIGNS } from './catalog.js'
import {
  GENERATE_RANGE,
  GenerateOptionError,
  type GenerateSummary,
  generate,
  resolveGenerateOptions,
} from './generate.js'
import { Random } from './random.js'

const ROOT = join(import.meta.dirname, '..', '..')
const EVENTS = 30_000
const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

/** The warehouse with another database: one run of the generator each. */
const database = async (name: string): Promise<Warehouse> => ({ ...(await opened), database: name })

let a: Warehouse
let summaryA: GenerateSummary
let summaryB: GenerateSummary
let summaryC: GenerateSummary

beforeAll(async () => {
  a = await database('gen_a')
  // Background merges would fold retried deliveries and contact updates together at their own
  // pace: stopped, the raw rows stay as inserted and can be counted.
  await migrate(a)
  for (const table of ['events', 'crm_events', 'campaign_costs'])
    await a.client.command({ query: `SYSTEM STOP MERGES gen_a.${table}` })
  summaryA = await generate(a, { events: EVENTS, seed: 7 })
  summaryB = await generate(await database('gen_b'), { events: EVENTS, seed: 7 })
  summaryC = await generate(await database('gen_c'), { events: EVENTS, seed: 8 })
}, 60_000)

/** Order-independent fingerprints of the three tables, as the engine keeps them (FINAL). */
async function fingerprint(db: string) {
  const [result] = await rows(
    await opened,
    `SELECT
       (SELECT (count(), groupBitXor(cityHash64(*))) FROM ${db}.events FINAL) AS events,
       (SELECT (count(), groupBitXor(cityHash64(*))) FROM ${db}.crm_events FINAL) AS crm,
       (SELECT (count(), groupBitXor(cityHash64(*))) FROM ${db}.campaign_costs FINAL) AS costs`,
  )
  return result
}

describe('determinism', () => {
  it('gives the same rows for the same seed and other rows for another', async () => {
    const [first, again, other] = [
      await fingerprint('gen_a'),
      await fingerprint('gen_b'),
      await fingerprint('gen_c'),
    ]
    expect(again).toEqual(first)
    expect(other?.events).not.toEqual(first?.events)
    expect(other?.crm).not.toEqual(first?.crm)
    const { seconds: _a, eventsPerSecond: _b, ...a } = summaryA
    const { seconds: _c, eventsPerSecond: _d, ...b } = summaryB
    expect(b).toEqual(a)
    expect(summaryC.visitors).not.toBe(summaryA.visitors)
  })

  it('draws the same numbers from the same seed, and formats times as ClickHouse reads them', () => {
    const draw = (seed: number) => {
      const random = new Random(seed)
      return [random.u32(), random.u32(), random.uuid()]
    }
    expect(draw(1)).toEqual(draw(1))
    expect(draw(1)).not.toEqual(draw(2))
    expect(draw(1)[2]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    const random = new Random(3)
    for (let i = 0; i < 1000; i++) {
      const ms = 1.7e12 + random.next() * 1e11
      expect(toDateTime64(ms)).toBe(new Date(ms).toISOString().replace('T', ' ').replace('Z', ''))
    }
  })
})

describe('volumes and shares', () => {
  it('writes about as many events as asked, inside the window, every row counted', async () => {
    expect(summaryA.events).toBeGreaterThanOrEqual(EVENTS)
    expect(summaryA.events).toBeLessThan(EVENTS * 1.01)
    const [events] = await rows(
      a,
      `SELECT count() AS rows, count() - uniqExact(event_id) AS retried, countIf(is_bot) AS bots,
              countIf(anonymous_id = '' AND email != '') AS email_links,
              toString(min(ts)) AS first, toString(max(ts)) AS last, uniqExact(anonymous_id) - 1 AS browsers
       FROM gen_a.events`,
    )
    expect(events).toEqual({
      rows: String(summaryA.events),
      retried: String(summaryA.duplicates),
      bots: String(summaryA.botEvents),
      email_links: String(summaryA.emailEvents),
      first: expect.stringMatching(/^2026-08-03 /),
      last: expect.stringMatching(/^2026-10-31 /),
      browsers: String(summaryA.visitors),
    })
    const [crm] = await rows(a, 'SELECT count() AS rows FROM gen_a.crm_events')
    expect(crm).toEqual({ rows: String(summaryA.crmRecords) })
    // Shares: bots a few percent of events, retries under one percent, a tenth or so leads.
    expect(summaryA.botEvents / summaryA.events).toBeGreaterThan(0.01)
    expect(summaryA.botEvents / summaryA.events).toBeLessThan(0.1)
    expect(summaryA.duplicates / summaryA.events).toBeGreaterThan(0.002)
    expect(summaryA.duplicates / summaryA.events).toBeLessThan(0.02)
    expect(summaryA.leads / summaryA.visitors).toBeGreaterThan(0.04)
    expect(summaryA.leads / summaryA.visitors).toBeLessThan(0.25)
    expect(summaryA.multiDeviceLeads).toBeGreaterThan(0)
    expect(summaryA.crmOnlyLeads).toBeGreaterThan(0)
  })

  it('uses only made-up addresses: reserved domains, or marked private ones', async () => {
    const strays = await rows(
      a,
      `SELECT DISTINCT email FROM (
         SELECT email FROM gen_a.events WHERE email != '' UNION ALL SELECT email FROM gen_a.crm_events)
       WHERE NOT match(email, '@([a-z0-9-]+\\\\.test|example\\\\.(com|org|net)|competitor\\\\.example|rival\\\\.example)$')
         AND NOT match(email, '\\\\+synthetic[0-9]+@')`,
    )
    expect(strays).toEqual([])
  })

  it('fills the sales log with every kind of record, both decisions and both outcomes', async () => {
    const kinds = await rows<{ type: string; detail: string }>(
      a,
      `SELECT DISTINCT type, concat(stage, decision, outcome) AS detail FROM gen_a.crm_events ORDER BY type, detail`,
    )
    const types = new Set(kinds.map((kind) => kind.type))
    expect([...types].sort()).toEqual(
      [
        'call',
        'contact',
        'deal',
        'meeting',
        'offer',
        'opportunity',
        'sql_decision',
        'stage_change',
        'trade_fair',
      ].sort(),
    )
    const details = kinds.map((kind) => kind.detail)
    for (const detail of ['accepted', 'rejected', 'won', 'lost', 'mql', 'sql', 'customer'])
      expect(details).toContain(detail)
  })

  it('has spend for every campaign the UTMs name', async () => {
    const unpaid = await rows(
      a,
      `SELECT DISTINCT utm_source, utm_medium, utm_campaign FROM gen_a.events
       WHERE utm_campaign != '' AND utm_source != ''
         AND (utm_source, utm_medium, utm_campaign) NOT IN
             (SELECT source, medium, campaign FROM gen_a.campaign_costs)`,
    )
    expect(unpaid).toEqual([])
    const [costs] = await rows(
      a,
      'SELECT uniqExact(day) AS days, toBool(countIf(cost > 0) > 0.9 * count()) AS mostly_paid FROM gen_a.campaign_costs',
    )
    expect(costs).toEqual({ days: '90', mostly_paid: true })
  })
})

describe('currencies and margins', () => {
  it('reports spend in several currencies and deals in more than one', async () => {
    const [spend] = await rows<{ costs: string[]; deals: string[] }>(
      a,
      `SELECT
         (SELECT groupUniqArray(currency) FROM (SELECT currency FROM gen_a.campaign_costs ORDER BY currency)) AS costs,
         (SELECT groupUniqArray(currency) FROM (SELECT currency FROM gen_a.crm_events WHERE type = 'deal' ORDER BY currency)) AS deals`,
    )
    expect([...(spend?.costs ?? [])].sort()).toEqual(['EUR', 'GBP', 'USD'])
    expect(spend?.deals.length).toBeGreaterThan(1)
  })

  it('gives part of the won deals a gross margin below their amount, and no other record one', async () => {
    const [deals] = await rows<Record<string, string>>(
      a,
      `SELECT
         countIf(outcome = 'won') AS won,
         countIf(outcome = 'won' AND attributes['gross_margin'] != '') AS with_margin,
         countIf(attributes['gross_margin'] != '' AND toFloat64OrZero(attributes['gross_margin']) BETWEEN 0.4 * toFloat64(amount) AND 0.9 * toFloat64(amount)) AS plausible,
         countIf(attributes['gross_margin'] != '' AND NOT (type = 'deal' AND outcome = 'won')) AS elsewhere
       FROM gen_a.crm_events`,
    )
    const won = Number(deals?.won)
    const withMargin = Number(deals?.with_margin)
    expect(withMargin).toBeGreaterThan(0.3 * won)
    expect(withMargin).toBeLessThan(0.9 * won)
    expect(deals?.plausible).toBe(String(withMargin))
    expect(deals?.elsewhere).toBe('0')
  })

  it('writes only months the exchange_rates seed has a rate for, in every currency it writes', () => {
    const seed = readFileSync(join(ROOT, 'models', 'seeds', 'exchange_rates.csv'), 'utf8')
    const rates = new Set(
      seed
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .filter(([, , reporting, rate]) => reporting === 'EUR' && Number(rate) > 0)
        .map(([month, currency]) => `${month} ${currency}`),
    )
    const currencies = new Set([
      ...COUNTRIES.map(([country]) => country.currency),
      ...PAID_CAMPAIGNS.map((campaign) => campaign.currency ?? 'EUR'),
    ])
    currencies.delete('EUR')
    expect([...currencies].sort()).toEqual(['CHF', 'GBP', 'USD'])
    const missing: string[] = []
    const last = Date.parse(`${GENERATE_RANGE.last}T00:00:00Z`)
    for (
      let month = new Date(`${GENERATE_RANGE.first}T00:00:00Z`);
      month.getTime() <= last;
      month.setUTCMonth(month.getUTCMonth() + 1)
    )
      for (const currency of currencies) {
        const key = `${month.toISOString().slice(0, 10)} ${currency}`
        if (!rates.has(key)) missing.push(key)
      }
    expect(missing).toEqual([])
  })
})

describe("Leadhouse's models on generated data", () => {
  it('build green, with leads, touchpoints from every channel and scores', async () => {
    const result = await buildModels({ warehouse: a, vars: { score_as_of: '2026-11-01 00:00:00' } })
    expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
    const channels = await rows<{ channel: string }>(
      a,
      'SELECT DISTINCT channel FROM gen_a.touchpoints ORDER BY channel',
    )
    expect(channels.map((row) => row.channel)).toEqual([
      'affiliate',
      'direct',
      'display',
      'email',
      'organic_search',
      'organic_social',
      'other',
      'paid_search',
      'paid_social',
      'referral',
    ])
    // `other`: tagged links no rule names (QR codes, a podcast, review-site ads), a small share.
    const [other] = await rows<{ share: number }>(
      a,
      "SELECT countIf(channel = 'other') / count() AS share FROM gen_a.touchpoints",
    )
    expect(other?.share).toBeGreaterThan(0.003)
    expect(other?.share).toBeLessThan(0.05)
    const [counts] = await rows(
      a,
      `SELECT
         (SELECT count() FROM gen_a.leads) AS leads,
         (SELECT count() FROM gen_a.touchpoints) AS touchpoints,
         (SELECT count() FROM gen_a.lead_scores) AS scored,
         (SELECT countIf(is_mql) FROM gen_a.lead_scores) AS mqls,
         (SELECT uniqExact(temperature) FROM gen_a.lead_scores) AS temperatures,
         (SELECT countIf(has(reasons.rule_id, 'free_mail')) FROM gen_a.lead_scores) AS private_addresses,
         (SELECT countIf(has(reasons.rule_id, 'pricing_visit')) FROM gen_a.lead_scores) AS pricing_visitors,
         (SELECT count() FROM (SELECT lead_email FROM gen_a.int_identity GROUP BY lead_email HAVING count() > 1)) AS multi_device,
         (SELECT count() FROM gen_a.touchpoints WHERE email = '') AS anonymous_touchpoints`,
    )
    expect(counts).toMatchObject({
      leads: String(summaryA.leads),
      scored: String(summaryA.leads),
      temperatures: '3',
      multi_device: String(summaryA.multiDeviceLeads),
    })
    // Every KPI non-trivial on the paid channels: spend (converted from USD and GBP too, no cost
    // row left without a rate, or the warning test above would not pass), and every ratio.
    const kpis = await rows<Record<string, string | number>>(
      a,
      `SELECT channel, toBool(sum(spend) > 0) AS spent, countIf(cpl > 0) AS cpl, countIf(cost_per_mql > 0) AS cost_per_mql,
              countIf(cost_per_sql > 0) AS cost_per_sql, countIf(cpa > 0) AS cpa, countIf(roas > 0) AS roas,
              countIf(roi IS NOT NULL AND roi != -1) AS roi, sum(cost_rows_without_rate) AS without_rate
       FROM gen_a.channel_kpis
       WHERE model = 'linear' AND channel IN ('paid_search', 'paid_social', 'display', 'affiliate')
       GROUP BY channel ORDER BY channel`,
    )
    expect(kpis.map((row) => row.channel)).toEqual([
      'affiliate',
      'display',
      'paid_search',
      'paid_social',
    ])
    for (const row of kpis) {
      expect(row).toMatchObject({ spent: true, without_rate: '0' })
      for (const ratio of ['cpl', 'cost_per_mql', 'cost_per_sql'])
        expect(Number(row[ratio]), `${row.channel} ${ratio}`).toBeGreaterThan(0)
    }
    for (const ratio of ['cpa', 'roas', 'roi'])
      expect(
        kpis.reduce((sum, row) => sum + Number(row[ratio]), 0),
        ratio,
      ).toBeGreaterThan(0)
    // The deals' own margins: gross margin below revenue, so ROI is not ROAS - 1.
    const [money] = await rows<{ below: boolean }>(
      a,
      "SELECT toBool(sum(gross_margin) < 0.97 * sum(revenue)) AS below FROM gen_a.channel_kpis WHERE model = 'linear'",
    )
    expect(money?.below).toBe(true)
    for (const key of [
      'touchpoints',
      'mqls',
      'private_addresses',
      'pricing_visitors',
      'anonymous_touchpoints',
    ])
      expect(Number(counts?.[key])).toBeGreaterThan(0)
  }, 60_000)
})

describe('options', () => {
  it('refuses an option out of range, naming it', async () => {
    const warehouse = await database('gen_refused')
    await expect(generate(warehouse, { events: 0 })).rejects.toThrow(GenerateOptionError)
    await expect(generate(warehouse, { end: '2026-13-01' })).rejects.toThrow(/^--end /)
    await expect(generate(warehouse, { seed: -1 })).rejects.toThrow(/^--seed /)
    // Outside the months the exchange_rates seed covers.
    await expect(generate(warehouse, { end: '2028-01-01' })).rejects.toThrow(/^--end .*2027-12-31/)
    await expect(generate(warehouse, { end: '2025-03-31', days: 91 })).rejects.toThrow(
      /^--days .*2025-01-01/,
    )
    expect(() => resolveGenerateOptions({ end: '2025-03-31', days: 90 })).not.toThrow()
  })
})

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'generate/src/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
}

describe('pnpm generate', () => {
  it('writes into the warehouse of LEADHOUSE_DATA_DIR and prints a summary', async () => {
    const dataDir = temporaryDataDir()
    const { code, stdout, stderr } = await cli(['--events', '2000', '--seed', '3'], {
      LEADHOUSE_DATA_DIR: dataDir,
    }).finally(() => rmSync(dataDir, { recursive: true, force: true }))
    // Only progress lines (printed every 2 s, so on a busy machine even for 2,000 events).
    expect(
      stderr.split('\n').filter((line) => line && !/^ {2}[\d,]+ of [\d,]+ events \(/.test(line)),
    ).toEqual([])
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^Generated 2,0\d\d events in [\d.]+ s \([\d,]+ events\/s\) into embedded/,
    )
    expect(stdout).toMatch(/leads +\d+: \d+ identified on the site/)
    expect(stdout).toMatch(/cost rows +[\d,]+/)
  }, 30_000)

  it('refuses a bad argument in one line naming the option, with exit code 2', async () => {
    const bad = await cli(['--events', 'lots'])
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toBe(
      'leadhouse generate: --events must be a whole number, got "lots" (--help for usage)\n',
    )
    const unknown = await cli(['--event', '5'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(unknown.stderr).toContain("'--event'")
  }, 30_000)
})
