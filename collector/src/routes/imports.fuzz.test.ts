/**
 * Property-based fuzzing of the server-side imports, `POST /api/v1/crm` and `POST /api/v1/costs`
 * with their CSV uploads, on a real embedded warehouse and a real spool: arbitrary bodies are
 * answered 2xx or 4xx only; what the API accepted is in the warehouse as it was sent; what it
 * refused is in `rejected_events` with its reason. Bounded: fixed seeds, a few dozen runs each.
 */
import { rows, temporaryDataDir } from '@leadhouse/warehouse/testing'
import fc from 'fast-check'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { handleError } from '../errors.js'
import { CHANNELS, CRM_TYPES, STAGES } from '../lib/import-schemas.js'
import { createMetrics } from '../metrics.js'
import { Spool } from '../spool/spool.js'
import { spooledEventStore, warehouseInserter } from '../storage/event-store.js'
import { openTestApp, SECRET_KEY, testAuthorize } from '../test-app.js'
import { importRoutes } from './imports.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

const SEED = 20261123

interface Answer {
  accepted?: number
  rejected?: { index?: number; line?: number; code: string; field: string; message: string }[]
  error?: { code: string; message: string; field?: string }
}

async function send(path: string, body: string | Uint8Array, contentType: string) {
  const { app } = await opened
  const response = await app.request(path, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
    headers: { 'content-type': contentType, authorization: `Bearer ${SECRET_KEY}` },
  })
  return { status: response.status, json: (await response.json()) as Answer }
}

/** Waits until the spool has handed everything it acknowledged to the warehouse. */
async function drained() {
  const { spool } = await opened
  // A row the warehouse refuses would stay in the spool, and block what follows it, for good.
  expect(await spool.drain()).toBe(true)
}

async function query<T>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { warehouse } = await opened
  await drained()
  return rows<T>(warehouse, sql, params)
}

async function rejectedCount(endpoint: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    'SELECT count() AS n FROM leadhouse.rejected_events WHERE endpoint = {endpoint:String}',
    { endpoint },
  )
  return Number(row?.n)
}

/** Every refused item of one request, as `rejected_events` keeps it. */
interface KeptRefusal {
  code: string
  field: string
  reason: string
  payload: string
}

async function clearRejected() {
  const { warehouse } = await opened
  await drained()
  await warehouse.client.command({ query: 'TRUNCATE TABLE leadhouse.rejected_events' })
}

const keptRefusals = (endpoint: string) =>
  query<KeptRefusal>(
    'SELECT code, field, reason, payload FROM leadhouse.rejected_events WHERE endpoint = {endpoint:String} ORDER BY payload, reason',
    { endpoint },
  )

const byPayload = (a: KeptRefusal, b: KeptRefusal) =>
  a.payload < b.payload ? -1 : a.payload > b.payload ? 1 : a.reason < b.reason ? -1 : 1

/**
 * Posts the items as a JSON list under `key` to `path` and checks the verdict: 400 with `code`
 * when every item is broken, else 202 counting the valid ones and naming the broken ones by
 * index; and that `rejected_events` keeps exactly the broken ones, each with `code`.
 */
async function postMixed(
  path: string,
  key: string,
  code: string,
  items: { item: unknown; broken: boolean }[],
) {
  await clearRejected()
  const list = items.map(({ item }) => item)
  const { status, json } = await send(path, JSON.stringify({ [key]: list }), 'application/json')
  const broken = items.flatMap(({ broken }, index) => (broken ? [index] : []))
  const validCount = items.length - broken.length
  if (validCount === 0) {
    expect(status).toBe(400)
    expect(json.error?.code).toBe(code)
  } else {
    expect(status).toBe(202)
    expect(json.accepted).toBe(validCount)
    expect(json.rejected?.map((problem) => problem.index)).toEqual(broken)
  }
  const kept = await keptRefusals(path)
  expect(kept.map(({ payload }) => payload).sort()).toEqual(
    broken.map((index) => JSON.stringify(list[index])).sort(),
  )
  expect(kept.every((refusal) => refusal.code === code)).toBe(true)
  return { status, json, kept, list }
}

/** Each run's records get ids and campaigns of their own: a record sent again replaces the last. */
let run = 0

// --- valid input, over the domain the schemas accept and the tables can hold ---
// Left out here, each checked by a test under 'values at the edges of the columns' below:
// strings that are not well-formed UTF-16 (a lone surrogate: stored with U+FFFD), company sizes
// past UInt32, amounts finer than cents, and days and times outside the columns' ranges (refused).

/** Any well-formed text: a schema's limit counts UTF-16 units, and a grapheme may take several. */
const chars = (maxLength: number, minLength = 0) =>
  fc.string({ unit: 'grapheme', minLength, maxLength }).filter((value) => value.length <= maxLength)
const text = (maxLength: number) => fc.option(chars(maxLength), { nil: undefined })
const code = (pattern: RegExp) => fc.stringMatching(pattern)
/** The times the API takes: 1970 to the end of 2099. */
const LAST_MS = 4_102_444_799_999
const instant = fc.integer({ min: 0, max: LAST_MS })
/** Money with cents: the tables keep Decimal(18, 2). */
const money = fc.integer({ min: 0, max: 1e14 }).map((cents) => cents / 100)
/** A mixed-case address the email schema takes: the API stores it lowercased. */
const email = fc
  .tuple(code(/^[A-Za-z0-9_+-]{1,16}$/), code(/^[A-Za-z0-9]{1,12}$/), code(/^[A-Za-z]{2,6}$/))
  .map(([local, domain, top]) => `${local}@${domain}.${top}`)

const crmRecord = fc
  .record(
    {
      // Room for the prefix each run adds (ids are at most 200).
      id: chars(150, 1),
      type: fc.constantFrom(...CRM_TYPES),
      occurred_at: fc.oneof(
        instant,
        instant.map((ms) => new Date(ms).toISOString()),
      ),
      email,
      stage: fc.constantFrom(...STAGES),
      decision: fc.constantFrom('accepted', 'rejected'),
      outcome: fc.constantFrom('won', 'lost'),
      amount: money,
      currency: code(/^[A-Z]{3}$/),
      owner: text(500),
      name: text(500),
      company: text(500),
      company_size: fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
      industry: text(500),
      country: fc.option(code(/^[A-Z]{2}$/), { nil: undefined }),
      job_title: text(500),
      seniority: text(50),
      budget: text(50),
      authority: text(50),
      need: text(50),
      timeline: text(50),
      notes: text(2000),
      attributes: fc.option(fc.dictionary(chars(100), chars(2000), { maxKeys: 4 }), {
        nil: undefined,
      }),
    },
    {
      // The fields a type needs are always there; the others may be left out.
      requiredKeys: ['id', 'type', 'occurred_at', 'email'],
    },
  )
  .map((record) => {
    const needs: Record<string, string[]> = {
      stage_change: ['stage'],
      sql_decision: ['decision'],
      deal: ['outcome', 'amount'],
      owner_change: ['owner'],
    }
    const filled: Record<string, unknown> = { ...record }
    const generated: Record<string, unknown> = {
      stage: 'mql',
      decision: 'accepted',
      outcome: 'won',
      amount: 100,
      owner: 'Anna Berger',
    }
    for (const field of needs[record.type] ?? []) filled[field] ??= generated[field]
    if (filled.amount !== undefined) filled.currency ??= 'EUR'
    return filled as CrmInput
  })

type CrmInput = {
  id: string
  type: string
  occurred_at: number | string
  email: string
  company_size?: number
  attributes?: Record<string, string>
} & Record<string, unknown>

const costRow = fc.record(
  {
    day: fc
      .integer({ min: 0, max: Date.UTC(2149, 5, 6) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10)),
    channel: fc.constantFrom(...CHANNELS),
    source: chars(200),
    medium: chars(200),
    // Room for the prefix each run adds (campaigns are at most 500).
    campaign: chars(450, 1),
    cost: money,
    currency: code(/^[A-Z]{3}$/),
    impressions: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    clicks: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  },
  { requiredKeys: ['day', 'channel', 'campaign', 'cost', 'currency'] },
)
type CostInput = typeof costRow extends fc.Arbitrary<infer T> ? T : never

// --- changes that make any record invalid, whatever else it holds ---

const crmBreakage = fc.constantFrom<[string, unknown]>(
  ['id', ''],
  ['id', 42],
  ['id', 'x'.repeat(201)],
  ['type', 'purchase'],
  ['occurred_at', 'yesterday'],
  ['occurred_at', -1],
  ['occurred_at', 1.5],
  ['email', 'not an email'],
  ['stage', 'prospect'],
  ['amount', 'abc'],
  ['amount', -1],
  ['amount', 1e13],
  ['currency', 'eur'],
  ['country', 'Germany'],
  ['company_size', -1],
  ['company_size', 1.5],
  ['attributes', { region: 5 }],
  ['colour', 'blue'],
)
const costBreakage = fc.constantFrom<[string, unknown]>(
  ['day', '2026-11-31'],
  ['day', '2026/11/01'],
  ['day', 20261101],
  ['channel', 'billboards'],
  ['campaign', ''],
  ['cost', -1],
  ['cost', 'abc'],
  ['cost', 1e13],
  ['currency', 'eur'],
  ['impressions', 1.5],
  ['clicks', 'many'],
  ['ctr', 0.3],
)

/** A list of items, each valid or broken, with which ones are broken. */
function mixed<T extends object>(
  valid: fc.Arbitrary<T>,
  breakage: fc.Arbitrary<[string, unknown]>,
) {
  return fc.array(
    fc.oneof(
      { weight: 3, arbitrary: valid.map((item) => ({ item: item as object, broken: false })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(valid, breakage)
          .map(([item, [field, value]]) => ({ item: { ...item, [field]: value }, broken: true })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom<unknown>(null, 'a record', [], 7)
          .map((item) => ({ item: item as object, broken: true })),
      },
    ),
    { minLength: 1, maxLength: 6 },
  )
}

/** What a CRM record becomes in `crm_events`: the API's promise, written out independently. */
function expectedCrmRow(record: CrmInput) {
  const field = (name: string) => (record[name] as string | undefined) ?? ''
  return {
    record_id: record.id,
    type: record.type,
    occurred_at: String(
      typeof record.occurred_at === 'number' ? record.occurred_at : Date.parse(record.occurred_at),
    ),
    email: record.email.toLowerCase(),
    ...Object.fromEntries(
      [
        'stage',
        'decision',
        'outcome',
        'currency',
        'owner',
        'name',
        'company',
        'industry',
        'country',
        'job_title',
        'seniority',
        'budget',
        'authority',
        'need',
        'timeline',
        'notes',
      ].map((name) => [name, field(name)]),
    ),
    amount: (record.amount as number | undefined) ?? 0,
    company_size: record.company_size ?? null,
    attributes: record.attributes ?? {},
  }
}

const CRM_COLUMNS = `record_id, type, toString(toUnixTimestamp64Milli(occurred_at)) AS occurred_at,
  email, stage, decision, outcome, currency, owner, name, company, industry, country, job_title,
  seniority, budget, authority, need, timeline, notes, toFloat64(amount) AS amount, company_size,
  attributes`

async function storedCrm(ids: string[]) {
  return query<Record<string, unknown>>(
    `SELECT ${CRM_COLUMNS} FROM leadhouse.crm_events FINAL WHERE record_id IN {ids:Array(String)} ORDER BY record_id`,
    { ids },
  )
}

function expectedCostRow(row: CostInput) {
  return {
    day: row.day,
    channel: row.channel,
    source: row.source ?? '',
    medium: row.medium ?? '',
    campaign: row.campaign,
    cost: row.cost,
    currency: row.currency,
    impressions: String(row.impressions ?? 0),
    clicks: String(row.clicks ?? 0),
  }
}

async function storedCosts(campaigns: string[]) {
  return query<Record<string, unknown>>(
    `SELECT toString(day) AS day, channel, source, medium, campaign, toFloat64(cost) AS cost,
       currency, impressions, clicks
     FROM leadhouse.campaign_costs FINAL WHERE campaign IN {campaigns:Array(String)}
     ORDER BY campaign`,
    { campaigns },
  )
}

const sortBy =
  <T>(key: (value: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0

// --- CSV ---

function csvCell(value: unknown): string {
  const text =
    value === undefined ? '' : typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  return `"${text.replaceAll('"', '""')}"`
}

function toCsv(header: string[], lines: unknown[][]): string {
  return [header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n')
}

describe('the import APIs under fuzzing', () => {
  const routes = [
    { path: '/api/v1/crm', listKey: 'records', csv: false },
    { path: '/api/v1/costs', listKey: 'costs', csv: false },
    { path: '/api/v1/crm/csv', listKey: 'records', csv: true },
    { path: '/api/v1/costs/csv', listKey: 'costs', csv: true },
  ]
  const COLUMNS = {
    records: ['id', 'type', 'occurred_at', 'email', 'stage', 'amount', 'currency', 'attributes.x'],
    costs: ['day', 'channel', 'source', 'campaign', 'cost', 'currency', 'clicks'],
  }
  const near = {
    records: mixed(crmRecord, crmBreakage),
    costs: mixed(costRow, costBreakage),
  }

  it.each(routes)(
    'POST $path answers only 2xx or 4xx to arbitrary bodies, and keeps every refusal',
    async ({ path, listKey, csv }) => {
      const endpoint = path.replace(/\/csv$/, '')
      const before = await rejectedCount(endpoint)
      /** Refused items and uploads; exact for JSON, a floor for CSV (a 400 names only the first). */
      let refusals = 0
      const columns = COLUMNS[listKey as keyof typeof COLUMNS]
      const items = near[listKey as keyof typeof near].map((list) => list.map(({ item }) => item))
      const body = csv
        ? fc.oneof(
            fc.string(),
            fc.string({ unit: 'binary' }),
            fc.uint8Array({ maxLength: 1024 }),
            // Lines as wide as the header, of known and unknown columns and any cells.
            fc
              .integer({ min: 1, max: 7 })
              .chain((width) =>
                fc.tuple(
                  fc.array(fc.oneof(fc.constantFrom(...columns), fc.string({ maxLength: 12 })), {
                    minLength: width,
                    maxLength: width,
                  }),
                  fc.array(
                    fc.array(fc.oneof(fc.string(), fc.anything()), {
                      minLength: width,
                      maxLength: width,
                    }),
                    { minLength: 1, maxLength: 4 },
                  ),
                ),
              )
              .map(([header, lines]) => toCsv(header, lines)),
            // Near-valid records under the real header.
            items.map((list) =>
              toCsv(
                columns,
                list.map((item) =>
                  columns.map((column) =>
                    item !== null && typeof item === 'object'
                      ? (item as Record<string, unknown>)[column]
                      : item,
                  ),
                ),
              ),
            ),
          )
        : fc.oneof(
            fc.string(),
            fc.json(),
            fc.uint8Array({ maxLength: 1024 }),
            fc
              .record({ [listKey]: fc.array(fc.anything(), { maxLength: 5 }) })
              .map((value) => JSON.stringify(value)),
            fc
              .record({
                [listKey]: fc.array(
                  fc.dictionary(
                    fc.constantFrom(...columns, 'company_size', 'impressions'),
                    fc.anything(),
                  ),
                  { maxLength: 4 },
                ),
              })
              .map((value) => JSON.stringify(value)),
            items.map((list) => JSON.stringify({ [listKey]: list })),
          )
      await fc.assert(
        fc.asyncProperty(body, async (sent) => {
          const { status, json } = await send(path, sent, csv ? 'text/csv' : 'application/json')
          expect(status).toBeGreaterThanOrEqual(200)
          expect(status).toBeLessThan(500)
          if (status >= 400) {
            expect(status).toBe(400)
            expect(json.error?.code).toBeTruthy()
            expect(json.error?.message).toBeTruthy()
            if (csv || ['invalid_json', 'invalid_body'].includes(json.error?.code ?? '')) {
              refusals += 1
            } else {
              // Nothing was valid: every item is kept.
              const list = (JSON.parse(sent as string) as Record<string, unknown[]>)[listKey]
              refusals += list?.length ?? 0
            }
          } else {
            expect(status).toBe(202)
            refusals += json.rejected?.length ?? 0
          }
        }),
        { numRuns: 80, seed: SEED },
      )
      const kept = (await rejectedCount(endpoint)) - before
      if (csv) expect(kept).toBeGreaterThanOrEqual(refusals)
      else expect(kept).toBe(refusals)
      const unexplained = await query<{ n: string }>(
        "SELECT count() AS n FROM leadhouse.rejected_events WHERE endpoint = {endpoint:String} AND (code = '' OR reason = '')",
        { endpoint },
      )
      expect(unexplained).toEqual([{ n: '0' }])
    },
  )

  it('POST /api/v1/crm stores the records it accepts intact and keeps exactly the refused ones', async () => {
    await fc.assert(
      fc.asyncProperty(mixed(crmRecord, crmBreakage), async (items) => {
        run += 1
        const records = items.map(({ item, broken }, index) =>
          broken || item === null || typeof item !== 'object'
            ? { item, broken }
            : { item: { ...item, id: `fuzz-${run}-${index}-${(item as CrmInput).id}` }, broken },
        )
        const { status, json, kept, list } = await postMixed(
          '/api/v1/crm',
          'records',
          'invalid_record',
          records,
        )
        const valid = records.filter(({ broken }) => !broken).map(({ item }) => item as CrmInput)
        expect(await storedCrm(valid.map((record) => record.id))).toEqual(
          valid.map(expectedCrmRow).sort(sortBy((row) => row.record_id)),
        )
        if (status === 202) {
          expect(kept.sort(byPayload)).toEqual(
            (json.rejected ?? [])
              .map(({ index, field, message }) => ({
                code: 'invalid_record',
                field,
                reason: message,
                payload: JSON.stringify(list[index as number]),
              }))
              .sort(byPayload),
          )
        }
      }),
      { numRuns: 40, seed: SEED },
    )
  })

  it('POST /api/v1/costs stores the rows it accepts intact and keeps exactly the refused ones', async () => {
    await fc.assert(
      fc.asyncProperty(mixed(costRow, costBreakage), async (items) => {
        run += 1
        const rowsSent = items.map(({ item, broken }, index) =>
          broken || item === null || typeof item !== 'object'
            ? { item, broken }
            : {
                item: { ...item, campaign: `fuzz-${run}-${index}-${(item as CostInput).campaign}` },
                broken,
              },
        )
        await postMixed('/api/v1/costs', 'costs', 'invalid_cost', rowsSent)
        const valid = rowsSent.filter(({ broken }) => !broken).map(({ item }) => item as CostInput)
        expect(await storedCosts(valid.map((row) => row.campaign))).toEqual(
          valid.map(expectedCostRow).sort(sortBy((row) => row.campaign)),
        )
      }),
      { numRuns: 40, seed: SEED },
    )
  })

  it('POST /api/v1/costs/csv stores the lines it accepts intact and names the refused ones', async () => {
    const header = [
      'day',
      'channel',
      'source',
      'medium',
      'campaign',
      'cost',
      'currency',
      'impressions',
      'clicks',
    ]
    // CSV cells are trimmed and an empty one is left out: values here have no edge whitespace.
    const cell = chars(200).map((value) => value.trim())
    const csvRow = costRow.chain((row) =>
      fc.record({ source: cell, medium: cell, campaign: cell.filter(Boolean) }).map((texts) => ({
        ...row,
        ...texts,
      })),
    )
    await fc.assert(
      fc.asyncProperty(mixed(csvRow, costBreakage), async (items) => {
        run += 1
        const lines = items
          .filter(({ item }) => item !== null && typeof item === 'object' && !Array.isArray(item))
          .map(({ item, broken }, index) => {
            const row = item as CostInput & Record<string, unknown>
            // A broken line keeps its own campaign: an empty one is what breaks it.
            if (broken) return { row, broken }
            return { row: { ...row, campaign: `fuzz-${run}-${index}-${row.campaign}` }, broken }
          })
          // An unknown column cannot be one line's: CSV breakage stays within the header.
          .filter(({ row }) => !('ctr' in row))
        fc.pre(lines.length > 0)
        await clearRejected()
        const csv = toCsv(
          header,
          lines.map(({ row }) => header.map((column) => (row as Record<string, unknown>)[column])),
        )
        const { status, json } = await send('/api/v1/costs/csv', csv, 'text/csv')
        // Line 1 is the header.
        const broken = lines.flatMap(({ broken }, index) => (broken ? [index + 2] : []))
        const valid = lines.filter(({ broken }) => !broken).map(({ row }) => row)
        if (valid.length === 0) {
          expect(status).toBe(400)
          expect(json.error?.message).toMatch(/^line \d+: /)
        } else {
          expect(status).toBe(202)
          expect(json.accepted).toBe(valid.length)
          expect(json.rejected?.map((problem) => problem.line)).toEqual(broken)
        }
        expect(await storedCosts(valid.map((row) => row.campaign))).toEqual(
          valid.map(expectedCostRow).sort(sortBy((row) => row.campaign)),
        )
        const kept = await keptRefusals('/api/v1/costs')
        expect(kept).toHaveLength(broken.length)
        if (status === 202) {
          expect(kept.map(({ reason }) => reason).sort()).toEqual(
            (json.rejected ?? []).map(({ message }) => message).sort(),
          )
        }
      }),
      { numRuns: 25, seed: SEED },
    )
  })
})

/**
 * Input the warehouse's columns cannot hold as sent: refused with a reason, or (a lone
 * surrogate, which no UTF-8 text can hold) stored with U+FFFD in its place, never stored as
 * something else silently, and never holding up what comes after it.
 */
describe('values at the edges of the columns', () => {
  it('a record with a lone surrogate that got a 202 reaches the warehouse, and does not block what follows', async () => {
    // Its own spool: a segment the warehouse refuses would block the shared one for good.
    const { warehouse } = await opened
    const spool = await Spool.open({
      dir: temporaryDataDir(),
      insert: warehouseInserter(warehouse),
      flushIntervalMs: 60_000,
    })
    try {
      const app = new Hono()
        .route(
          '/',
          importRoutes({
            store: spooledEventStore(spool),
            metrics: createMetrics(() => spool),
            authorize: testAuthorize('admin'),
          }),
        )
        .onError(handleError)
      const post = (id: string, notes: string) =>
        app.request('/api/v1/crm', {
          method: 'POST',
          body: JSON.stringify({
            records: [{ id, type: 'call', occurred_at: 0, email: 'ada@example.com', notes }],
          }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
        })
      // JSON.stringify('\ud800') is the escape "\ud800", which ClickHouse refuses to parse
      // (input_format_json_throw_on_bad_escape_sequence), failing the whole segment's insert.
      expect((await post('gap-surrogate', 'broken \ud800 emoji')).status).toBe(202)
      expect((await post('gap-after', 'fine')).status).toBe(202)
      expect(await spool.drain()).toBe(true)
      expect(
        await rows(
          warehouse,
          "SELECT record_id FROM leadhouse.crm_events WHERE record_id LIKE 'gap-%' ORDER BY record_id",
        ),
      ).toEqual([{ record_id: 'gap-after' }, { record_id: 'gap-surrogate' }])
    } finally {
      await spool.close()
    }
  })

  it('stores a lone surrogate in an attribute key or value as U+FFFD, not refused downstream', async () => {
    const record = {
      id: 'edge-key',
      type: 'contact',
      occurred_at: 0,
      email: 'ada@example.com',
      attributes: { 'region\ud800': 'north \udc00' },
    }
    const { status } = await send(
      '/api/v1/crm',
      JSON.stringify({ records: [record] }),
      'application/json',
    )
    expect(status).toBe(202)
    expect(
      await query("SELECT attributes FROM leadhouse.crm_events FINAL WHERE record_id = 'edge-key'"),
    ).toEqual([{ attributes: { 'region\ufffd': 'north \ufffd' } }])
  })

  /** Sends one item the columns cannot hold: refused, naming the field and the problem. */
  async function refused(path: string, item: object, field: string, message: RegExp) {
    const listKey = path.endsWith('/crm') ? 'records' : 'costs'
    const { status, json } = await send(
      path,
      JSON.stringify({ [listKey]: [item] }),
      'application/json',
    )
    expect(status).toBe(400)
    expect(json.error?.field).toBe(`${listKey}[0].${field}`)
    expect(json.error?.message).toMatch(message)
  }

  const contact = { type: 'contact', occurred_at: 0, email: 'ada@example.com' }

  it('refuses a company size the UInt32 column cannot hold', async () => {
    // Before: accepted, and stored as 705032704 (5e9 modulo 2^32).
    await refused(
      '/api/v1/crm',
      { ...contact, id: 'e-size', company_size: 5e9 },
      'company_size',
      /4294967295/,
    )
  })

  it('refuses an amount finer than cents', async () => {
    // Before: accepted, and stored as 12.34 (Decimal(18, 2) truncates).
    const offer = { ...contact, id: 'e-amount', type: 'offer', currency: 'EUR' }
    await refused('/api/v1/crm', { ...offer, amount: 12.345 }, 'amount', /at most 2 decimals/)
    await refused('/api/v1/crm', { ...offer, amount: 1e-7 }, 'amount', /at most 2 decimals/)
  })

  it('refuses a day or a time the columns cannot hold', async () => {
    // Before: accepted, and stored as 1970-01-01 (a Date before 1970 saturates).
    const cost = { channel: 'email', campaign: 'e-day', cost: 1, currency: 'EUR' }
    await refused('/api/v1/costs', { ...cost, day: '1900-01-01' }, 'day', /between 1970-01-01/)
    await refused('/api/v1/costs', { ...cost, day: '9999-12-31' }, 'day', /and 2149-06-06/)
    await refused(
      '/api/v1/crm',
      { ...contact, id: 'e-time', occurred_at: '1960-05-01T00:00:00Z' },
      'occurred_at',
      /between 1970/,
    )
  })

  it('takes numbers as JSON numbers or CSV text only', async () => {
    // Before: z.coerce took null, "", true and [5] for amounts (null as 0).
    const deal = { ...contact, id: 'e-null', type: 'deal', outcome: 'won', currency: 'EUR' }
    for (const amount of [null, '', true, [5]])
      await refused('/api/v1/crm', { ...deal, amount }, 'amount', /number/)
  })
})
