/**
 * Routing (lead_routes, lead_assignments, the owner on leads) on hand-made leads, with rules and
 * a sales team of the test's own: each kind of condition, round robin and least loaded, the
 * fallback queue, the sales log's owner winning, reassignment, and editing the rules.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildModels, LEADHOUSE_PROJECT_DIR } from '@leadhouse/models'
import { migrate } from '@leadhouse/warehouse/raw'
import { openTemporaryWarehouse, rows } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { crm, event } from './support/raw-rows.js'

const opened = openTemporaryWarehouse()
afterAll(async () => (await opened).close())

const VARS = { score_as_of: '2026-11-10 00:00:00', incremental_lookback_minutes: 0 }

const RULES = `rule_id,position,country,region,company_size,industry,language,path,event,temperature,owner,team,distribution
r_country,10,^US$,,,,,,,,Uma,,
r_region,20,,nordics|uk_ie,,,,,,,,nordic,round_robin
r_size,30,,,1000-,,,,,,,big,least_loaded
r_industry,40,,,,(?i)pharma,,,,,Ivy,,
r_language,50,,,,,(?i)^fr,,,,Fay,,
r_path,60,,,,,,^/integrations/,,,Pat,,
r_pricing,70,,,,,,pricing_page,,,Pia,,
r_event,80,,,,,,,^webinar_attended$,,Eve,,
r_temperature,90,,,,,,,,hot,Hal,,
r_round_robin,100,^DE$,,,,,,,,,dach,round_robin
`
const TEAM = `person,team,email,active
Uma,us,uma@sales.test,true
Nils,nordic,nils@sales.test,true
Nora,nordic,nora@sales.test,true
Bea,big,bea@sales.test,true
Bo,big,bo@sales.test,true
Ivy,pharma,ivy@sales.test,true
Fay,fr,fay@sales.test,true
Pat,web,pat@sales.test,true
Pia,web,pia@sales.test,true
Eve,web,eve@sales.test,true
Hal,web,hal@sales.test,true
Ann,dach,ann@sales.test,true
Ben,dach,ben@sales.test,true
Cai,dach,cai@sales.test,true
Dee,dach,dee@sales.test,false
`

/** Leads become MQLs by the CRM's word, one a minute from 2 November 10:00, in this order. */
const MQL_AT = (minute: number) => `2026-11-02 10:${String(minute).padStart(2, '0')}:00`

/** A copy of the project with `rules` and the test's sales team. */
function projectWith(rules: string): string {
  const projectDir = mkdtempSync(join(tmpdir(), 'leadhouse-routing-'))
  cpSync(LEADHOUSE_PROJECT_DIR, projectDir, {
    recursive: true,
    filter: (path) => !/node_modules|target/.test(path),
  })
  writeFileSync(join(projectDir, 'seeds', 'routing_rules.csv'), rules)
  writeFileSync(join(projectDir, 'seeds', 'sales_team.csv'), TEAM)
  return projectDir
}

const project = projectWith(RULES)
let minute = 0
/** A CRM record that makes `email` an MQL, with what the CRM knows of them. */
const mql = (email: string, fields: Parameters<typeof crm>[4] = {}) =>
  crm(`mql-${email}`, 'stage_change', MQL_AT(minute++), email, { stage: 'mql', ...fields })

beforeAll(async () => {
  const warehouse = await opened
  await migrate(warehouse)
  const events = [
    event('fr-device', '2026-11-01 09:00:00', {
      type: 'identify',
      path: '/contact',
      email: 'fr@x.test',
      language: 'fr-FR',
    }),
    event('path-device', '2026-11-01 09:00:00', { path: '/integrations/slack' }),
    event('path-device', '2026-11-01 09:01:00', {
      type: 'identify',
      path: '/contact',
      email: 'path@x.test',
    }),
    event('pricing-device', '2026-11-01 09:00:00', { path: '/pricing', is_pricing: true }),
    event('pricing-device', '2026-11-01 09:01:00', {
      type: 'identify',
      path: '/contact',
      email: 'pricing@x.test',
    }),
    event('event-device', '2026-11-01 09:00:00', {
      type: 'identify',
      path: '/webinar',
      email: 'event@x.test',
    }),
    event('event-device', '2026-11-01 09:01:00', {
      type: 'event',
      name: 'webinar_attended',
      path: '/webinar',
    }),
    // Only after being routed: the pricing page changes nothing.
    event('later-device', '2026-11-01 09:00:00', {
      type: 'identify',
      path: '/contact',
      email: 'later@x.test',
    }),
    event('later-device', '2026-11-05 09:00:00', { path: '/pricing', is_pricing: true }),
  ]
  // Bea holds an open MQL through the CRM before the big companies come.
  const records = [
    crm('held', 'contact', '2026-11-01 08:00:00', 'held@x.test', { owner: 'Bea' }),
    crm('held-mql', 'stage_change', '2026-11-01 08:00:00', 'held@x.test', { stage: 'mql' }),
    mql('us@x.test', { country: 'US' }),
    mql('se@x.test', { country: 'SE' }),
    mql('gb@x.test', { country: 'GB' }),
    mql('big1@x.test', { company_size: 5000 }),
    mql('big2@x.test', { company_size: 1000 }),
    mql('big3@x.test', { company_size: 20000 }),
    mql('small@x.test', { company_size: 999, country: 'BR' }),
    mql('pharma@x.test', { industry: 'Pharmaceuticals' }),
    mql('fr@x.test'),
    mql('path@x.test'),
    mql('pricing@x.test'),
    mql('event@x.test'),
    mql('later@x.test'),
    // 80 fit points: CEO 20, 50-999 employees 10, software 10, GB is no sales region here but
    // scores 5, BANT 35.
    mql('hot@x.test', {
      job_title: 'CEO',
      company_size: 500,
      industry: 'Software',
      country: 'PT',
      budget: 'yes',
      authority: 'yes',
      need: 'yes',
      timeline: 'Q1',
    }),
    ...Array.from({ length: 7 }, (_, n) => mql(`de${n + 1}@x.test`, { country: 'DE' })),
    // The CRM names an owner before the MQL entry: no routing.
    crm('crm-owner', 'contact', '2026-11-01 08:00:00', 'crm@x.test', { owner: 'Zed' }),
    mql('crm@x.test', { country: 'US' }),
    // Routed first, then the CRM names an owner.
    mql('late@x.test', { country: 'US' }),
    crm('late-owner', 'call', '2026-11-03 08:00:00', 'late@x.test', { owner: 'Zed' }),
    // Routed, then reassigned from the MQL queue; then a record naming the same owner again.
    mql('moved@x.test', { country: 'US' }),
    crm('moved-change', 'owner_change', '2026-11-03 09:00:00', 'moved@x.test', { owner: 'Ivy' }),
    crm('moved-call', 'call', '2026-11-04 09:00:00', 'moved@x.test', { owner: 'Ivy' }),
    // Routed, then accepted by the routed owner (the MQL queue's acceptance names its owner).
    mql('accepted@x.test', { country: 'US' }),
    crm('accepted-sql', 'sql_decision', '2026-11-03 10:00:00', 'accepted@x.test', {
      decision: 'accepted',
      owner: 'Uma',
    }),
  ]
  await warehouse.client.insert({
    table: 'leadhouse.events',
    values: events,
    format: 'JSONEachRow',
  })
  await warehouse.client.insert({
    table: 'leadhouse.crm_events',
    values: records,
    format: 'JSONEachRow',
  })
  const result = await buildModels({ warehouse, projectDir: project, vars: VARS })
  expect(result.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([])
})

async function table(query: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  return (await rows(await opened, query, params)).map((row) => Object.values(row))
}

/** Each lead's current owner, team, rule and reason. */
async function current(emails: string[]): Promise<unknown[][]> {
  return table(
    `SELECT email, owner, team, rule_id, reason FROM leadhouse.lead_assignments
     WHERE is_current AND email IN {emails:Array(String)} ORDER BY email`,
    { emails },
  )
}

describe('lead_routes and lead_assignments', () => {
  it('routes by country, region, company size, industry, language, path, pricing page, event and temperature', async () => {
    expect(
      await current([
        'us@x.test',
        'se@x.test',
        'pharma@x.test',
        'fr@x.test',
        'path@x.test',
        'pricing@x.test',
        'event@x.test',
        'hot@x.test',
      ]),
    ).toEqual([
      ['event@x.test', 'Eve', 'web', 'r_event', 'routed'],
      ['fr@x.test', 'Fay', 'fr', 'r_language', 'routed'],
      ['hot@x.test', 'Hal', 'web', 'r_temperature', 'routed'],
      ['path@x.test', 'Pat', 'web', 'r_path', 'routed'],
      ['pharma@x.test', 'Ivy', 'pharma', 'r_industry', 'routed'],
      ['pricing@x.test', 'Pia', 'web', 'r_pricing', 'routed'],
      ['se@x.test', 'Nils', 'nordic', 'r_region', 'routed'],
      ['us@x.test', 'Uma', 'us', 'r_country', 'routed'],
    ])
    // A region list: GB is uk_ie; Nils had SE, so Nora takes it.
    expect(await current(['gb@x.test'])).toEqual([
      ['gb@x.test', 'Nora', 'nordic', 'r_region', 'routed'],
    ])
  })

  it('deals a team round robin to its active people: 7 leads over 3, counts differ by at most one', async () => {
    expect(
      await table(
        `SELECT email, owner FROM leadhouse.lead_assignments
         WHERE is_current AND rule_id = 'r_round_robin' ORDER BY assigned_at`,
      ),
    ).toEqual([
      ['de1@x.test', 'Ann'],
      ['de2@x.test', 'Ben'],
      ['de3@x.test', 'Cai'],
      ['de4@x.test', 'Ann'],
      ['de5@x.test', 'Ben'],
      ['de6@x.test', 'Cai'],
      ['de7@x.test', 'Ann'],
    ])
  })

  it('deals to the least loaded, counting the open MQLs each holds', async () => {
    // Bea holds one open MQL: Bo first, then Bea on the tie (by name), then Bo.
    expect(await current(['big1@x.test', 'big2@x.test', 'big3@x.test'])).toEqual([
      ['big1@x.test', 'Bo', 'big', 'r_size', 'routed'],
      ['big2@x.test', 'Bea', 'big', 'r_size', 'routed'],
      ['big3@x.test', 'Bo', 'big', 'r_size', 'routed'],
    ])
  })

  it('puts a lead no rule matches in the fallback queue, routed by what it did before its MQL entry', async () => {
    // 999 employees is under the band; the pricing page came after the MQL entry.
    expect(await current(['later@x.test', 'small@x.test'])).toEqual([
      ['later@x.test', '', 'unrouted', 'fallback', 'fallback'],
      ['small@x.test', '', 'unrouted', 'fallback', 'fallback'],
    ])
  })

  it('lets an owner named in the sales log win, before or after routing, and records a reassignment', async () => {
    expect(
      await table(
        `SELECT email, owner, team, rule_id, toString(assigned_at), is_current, reason
         FROM leadhouse.lead_assignments
         WHERE email IN ('crm@x.test', 'late@x.test', 'moved@x.test', 'accepted@x.test')
         ORDER BY email, assigned_at`,
      ),
    ).toEqual([
      ['accepted@x.test', 'Uma', 'us', 'r_country', '2026-11-02 10:24:00.000', 1, 'routed'],
      ['crm@x.test', 'Zed', '', 'crm', '2026-11-01 08:00:00.000', 1, 'crm_owner'],
      ['late@x.test', 'Uma', 'us', 'r_country', '2026-11-02 10:22:00.000', 0, 'routed'],
      ['late@x.test', 'Zed', '', 'crm', '2026-11-03 08:00:00.000', 1, 'crm_owner'],
      ['moved@x.test', 'Uma', 'us', 'r_country', '2026-11-02 10:23:00.000', 0, 'routed'],
      ['moved@x.test', 'Ivy', 'pharma', 'crm', '2026-11-03 09:00:00.000', 1, 'reassigned'],
    ])
  })

  it('puts the current owner and team on leads', async () => {
    expect(
      await table(
        `SELECT email, owner, team FROM leadhouse.leads
         WHERE email IN ('moved@x.test', 'held@x.test', 'small@x.test') ORDER BY email`,
      ),
    ).toEqual([
      ['held@x.test', 'Bea', 'big'],
      ['moved@x.test', 'Ivy', 'pharma'],
      ['small@x.test', '', 'unrouted'],
    ])
  })

  it('routes again, after the rules are edited, only the leads the sales log names no owner of', async () => {
    const warehouse = await opened
    const edited = projectWith(
      RULES.replace('r_country,10,^US$,,,,,,,,Uma,,', 'r_country,10,^US$,,,,,,,,Pat,,'),
    )
    try {
      await buildModels({ warehouse, projectDir: edited, vars: VARS })
      expect(
        await current([
          'us@x.test',
          'crm@x.test',
          'late@x.test',
          'moved@x.test',
          'accepted@x.test',
        ]),
      ).toEqual([
        // Accepted by Uma: the acceptance names her, so she keeps the lead.
        ['accepted@x.test', 'Uma', 'us', 'crm', 'crm_owner'],
        ['crm@x.test', 'Zed', '', 'crm', 'crm_owner'],
        ['late@x.test', 'Zed', '', 'crm', 'crm_owner'],
        ['moved@x.test', 'Ivy', 'pharma', 'crm', 'reassigned'],
        ['us@x.test', 'Pat', 'web', 'r_country', 'routed'],
      ])
    } finally {
      await buildModels({ warehouse, projectDir: project, vars: VARS })
    }
  })

  it('gives the same assignments on a full refresh', async () => {
    const warehouse = await opened
    const all = () =>
      table(
        `SELECT email, owner, team, rule_id, toString(assigned_at), is_current, reason
         FROM leadhouse.lead_assignments ORDER BY email, assigned_at, owner`,
      )
    const incremental = await all()
    await buildModels({ warehouse, projectDir: project, vars: VARS, fullRefresh: true })
    expect(await all()).toEqual(incremental)
  })
})
