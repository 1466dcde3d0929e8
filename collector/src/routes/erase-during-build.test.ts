// Erasures at random moments of model builds, on generated data: each one either answers 200 with
// the person gone from every table (and, once the engine's cleanup ran, from every file of the
// data directory), or a clear 503 that a retry completes.
import { generate } from '@leadhouse/generate'
import { buildModels } from '@leadhouse/models'
import { rows } from '@leadhouse/warehouse/testing'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleError } from '../errors.js'
import { createModelsScheduler } from '../models-scheduler.js'
import { findInFiles } from '../storage/disk-scan.js'
import { openTestApp, SECRET_KEY, testAuthorize } from '../test-app.js'
import { eraseRoutes } from './erase.js'

const opened = openTestApp()
afterAll(async () => (await opened).close())

interface Person {
  email: string
  ids: string[]
}

async function post(path: string, body: unknown, app?: Hono) {
  const target = app ?? (await opened).app
  return target.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET_KEY}` },
  })
}

/** Rows of any table naming any of `needles` in any text column. */
async function traces(needles: string[]): Promise<Record<string, number>> {
  const { warehouse } = await opened
  const tables = await rows<{ table: string; columns: string[] }>(
    warehouse,
    `SELECT table, groupArray(name) AS columns FROM system.columns
     WHERE database = 'leadhouse' AND (type LIKE '%String%' OR type LIKE 'Map(%')
       AND table IN (SELECT name FROM system.tables WHERE database = 'leadhouse'
                     AND (engine LIKE '%MergeTree' OR engine = 'View'))
     GROUP BY table`,
  )
  const found: Record<string, number> = {}
  for (const { table, columns } of tables) {
    const where = columns
      .map(
        (column) =>
          `multiSearchAnyCaseInsensitive(ifNull(toString(\`${column}\`), ''), {needles:Array(String)})`,
      )
      .join(' OR ')
    const [row] = await rows<{ n: string }>(
      warehouse,
      `SELECT count() AS n FROM leadhouse.\`${table}\` WHERE ${where}`,
      { needles },
    )
    if (Number(row?.n)) found[table] = Number(row?.n)
  }
  return found
}

const needlesOf = (people: Person[]) => people.flatMap((person) => [person.email, ...person.ids])

/** Erases `person`, retrying a 409/503 (which must say when with Retry-After). */
async function erase(
  person: Person,
  app?: Hono,
): Promise<{ attempts: number; statuses: number[] }> {
  const statuses: number[] = []
  for (let attempt = 1; attempt <= 5; attempt++) {
    const response = await post('/api/v1/erase', { email: person.email }, app)
    statuses.push(response.status)
    if (response.status === 200) {
      const receipt = (await response.json()) as { email: string; anonymous_ids: string[] }
      expect(receipt.email).toBe(person.email)
      expect(receipt.anonymous_ids.sort()).toEqual([...person.ids].sort())
      return { attempts: attempt, statuses }
    }
    expect([409, 503], await response.text()).toContain(response.status)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`erasure of ${person.email} not complete after 5 attempts: ${statuses}`)
}

/**
 * The people erased while builds run: three builds with four each. Every erasure waits for the
 * build under way (it is exclusive of builds) and then runs alone across every table, which is
 * most of this file's time; twelve keep each kind of moment (at two tables' swaps, at random)
 * covered in every build.
 */
const DURING_BUILDS = 12

let people: Person[] = []
let buildSeconds = 0

beforeAll(async () => {
  const { warehouse } = await opened
  await generate(warehouse, { events: 20_000, seed: 18 })
  const started = performance.now()
  const first = (await (await post('/api/v1/models/run', {})).json()) as { success: boolean }
  expect(first.success).toBe(true)
  buildSeconds = (performance.now() - started) / 1000
  // Leads with their devices, those on two devices first.
  people = (
    await rows<{ email: string; ids: string[] }>(
      warehouse,
      `SELECT email, groupUniqArray(anonymous_id) AS ids FROM leadhouse.events
       WHERE type = 'identify' AND email != '' AND anonymous_id != ''
       GROUP BY email ORDER BY length(ids) DESC, email LIMIT {n: UInt32}`,
      { n: DURING_BUILDS + 2 },
    )
  ).map(({ email, ids }) => ({ email, ids }))
  expect(people.length).toBe(DURING_BUILDS + 2)
}, 300_000)

describe('erasures at random moments of model builds', () => {
  it('each answers 200 with the person gone from every table, or a 503 its retry completes', async () => {
    const { warehouse } = await opened
    // Before: the people are in raw tables and marts alike (the check below can find them).
    expect(Object.keys(await traces(needlesOf(people.slice(0, DURING_BUILDS))))).toEqual(
      expect.arrayContaining(['events', 'activity_log', 'leads', 'lead_scores', 'int_identity']),
    )
    const queue = people.slice(0, DURING_BUILDS)
    const outcomes: { email: string; statuses: number[]; moment: string }[] = []
    // Three builds, each with four erasures asked for while it runs: two as tables are swapped
    // in, two at random moments. (Every erasure waits for the build and runs after it; what is
    // asked is that none is lost or undone, whenever it arrives.)
    while (queue.length > 0) {
      const build = post('/api/v1/models/run', {})
      const erasures: Promise<void>[] = []
      // Two as soon as a table is being swapped in (its new version stands beside it), each at
      // a different table's swap.
      const swapsTaken = new Set<string>()
      for (const swapping of queue.splice(0, 2)) {
        erasures.push(
          (async () => {
            const deadline = Date.now() + buildSeconds * 3000 + 30_000
            while (Date.now() < deadline) {
              const staged = await rows<{ name: string }>(
                warehouse,
                "SELECT name FROM system.tables WHERE database = 'leadhouse' AND name LIKE '%\\_\\_dbt\\_new%'",
              )
              const untaken = staged.find(({ name }) => !swapsTaken.has(name))
              if (untaken) {
                swapsTaken.add(untaken.name)
                break
              }
              await new Promise((resolve) => setTimeout(resolve, 10))
            }
            const { statuses } = await erase(swapping)
            outcomes.push({ email: swapping.email, statuses, moment: 'swap' })
          })(),
        )
      }
      // The others at random moments of the build (its first run's length).
      for (const person of queue.splice(0, 2)) {
        const delay = Math.random() * buildSeconds * 1000
        erasures.push(
          (async () => {
            await new Promise((resolve) => setTimeout(resolve, delay))
            const { statuses } = await erase(person)
            outcomes.push({ email: person.email, statuses, moment: `${Math.round(delay)} ms` })
          })(),
        )
      }
      await Promise.all(erasures)
      const built = (await (await build).json()) as { success: boolean }
      expect(built.success).toBe(true)
    }
    expect(outcomes).toHaveLength(DURING_BUILDS)
    expect(outcomes.filter((outcome) => outcome.moment === 'swap')).toHaveLength(6)
    // After a further build, none of them is anywhere, and everyone else still is.
    const rebuilt = (await (await post('/api/v1/models/run', {})).json()) as { success: boolean }
    expect(rebuilt.success).toBe(true)
    expect(await traces(needlesOf(people.slice(0, DURING_BUILDS)))).toEqual({})
    expect(Object.keys(await traces(needlesOf(people.slice(DURING_BUILDS))))).toEqual(
      expect.arrayContaining(['events', 'activity_log', 'leads']),
    )
  }, 900_000)

  it('answers 503 with Retry-After when the warehouse fails half-way, and the retry completes', async () => {
    const { warehouse, spool } = await opened
    const person = people[DURING_BUILDS] as Person
    // The real warehouse, failing the raw events' deletion once (after every mart's).
    let failures = 1
    const failing = {
      ...warehouse,
      client: new Proxy(warehouse.client, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver)
          if (property !== 'command')
            return typeof value === 'function' ? value.bind(target) : value
          return (params: { query: string }) => {
            if (failures > 0 && /^ALTER TABLE `leadhouse`\.`events` DELETE/.test(params.query)) {
              failures -= 1
              return Promise.reject(new Error('injected: the warehouse went away'))
            }
            return value.call(target, params)
          }
        },
      }),
    }
    const app = new Hono()
      .route(
        '/',
        eraseRoutes({
          warehouse: failing,
          spool: () => spool,
          models: createModelsScheduler(
            () => buildModels({ warehouse }),
            () => {},
          ),
          authorize: testAuthorize('admin'),
          erase: { cleanupTimeoutMs: 0 },
        }),
      )
      .onError(handleError)
    const first = await post('/api/v1/erase', { email: person.email }, app)
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('30')
    expect(await first.json()).toMatchObject({
      error: { code: 'erasure_incomplete', message: expect.stringMatching(/retry it/) },
    })
    // Half done: the marts lost the person, the raw events (how a retry finds them) did not.
    expect(Object.keys(await traces([person.email]))).toEqual(expect.arrayContaining(['events']))
    const { attempts } = await erase(person, app)
    expect(attempts).toBe(1)
    expect(await traces(needlesOf([person]))).toEqual({})
  }, 120_000)

  it('leaves no file of the data directory holding an erased email or anonymous id', async () => {
    const { warehouse } = await opened
    const dataDir = (warehouse as unknown as { dataDir: string }).dataDir
    const erased = needlesOf(people.slice(0, DURING_BUILDS + 1))
    // The scan finds what is there: the people not erased, in compressed column files too.
    const kept = findInFiles(dataDir, [people[DURING_BUILDS + 1]?.email as string])
    expect(Object.values(kept).flat().length).toBeGreaterThan(0)
    // The parts the erasures replaced go at the engine's next cleanup, a second or so later.
    const deadline = Date.now() + 120_000
    let outdated: { table: string; name: string; removal_state: string }[] = []
    do {
      outdated = await rows(
        warehouse,
        "SELECT table, name, removal_state FROM system.parts WHERE database = 'leadhouse' AND NOT active",
      )
      if (outdated.length === 0) break
      await new Promise((resolve) => setTimeout(resolve, 1000))
    } while (Date.now() < deadline)
    expect(outdated).toEqual([])
    expect(findInFiles(dataDir, erased)).toEqual({})
    // Nor do the engine's own records: mutations, detached parts.
    const [mentioned] = await rows<{ n: string }>(
      warehouse,
      `SELECT count() AS n FROM system.mutations WHERE multiSearchAnyCaseInsensitive(command, {needles:Array(String)})`,
      { needles: erased.slice(0, 255) },
    )
    expect(Number(mentioned?.n)).toBe(0)
    expect(await rows(warehouse, 'SELECT name FROM system.detached_parts')).toEqual([])
  }, 300_000)
})
