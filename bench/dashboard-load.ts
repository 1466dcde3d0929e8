/**
 * The dashboard's first load: `BENCH_EVENTS` generated events (default 1,000,000) built by the
 * models, the collector serving them, and headless Chromium loading `/dashboard` until the
 * Overview is rendered (its KPI tiles and its chart drawn), `LOADS` times with an empty cache
 * (cold: a new browser context, its caches empty) and as many with the cache warm; p50
 * and the slowest against the target (1.5 s), timed from the navigation's start in the page.
 * Also the JavaScript shipped, gzip and brotli, by chunk and for the Overview's first load, from
 * the build's `dashboards/dist/chunks.json`. Runs in a child process: the engine binds one data
 * directory per process. At 10 M events: `BENCH_EVENTS=10000000 BENCH_SECTIONS=dashboard pnpm bench`.
 * `BENCH_DASHBOARD_DATA_DIR` names a warehouse already built (e.g. the read bench's
 * `BENCH_READ_DATA_DIR`) to load the dashboard on instead of generating and building one.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { benchEvents, childEvents, isMain, runInChild } from './support.js'

const LOADS = Number(process.env.BENCH_DASHBOARD_LOADS ?? 7)
const TARGET_MS = 1500
const TIMEOUT_MS = 90 * 60_000
const READ_KEY = 'lh_read_bench-dashboard-0123456789'
const CHROMIUM = process.env.LEADHOUSE_CHROMIUM ?? '/usr/bin/chromium'
const DIST = fileURLToPath(new URL('../dashboards/dist/', import.meta.url))

export interface DashboardLoadBench {
  events: number
  cold: number[]
  warm: number[]
}

interface Chunks {
  entry: string
  first: string[]
  chunks: { file: string; name: string; isEntry: boolean }[]
}

/** Each chunk's gzip and brotli sizes as served, and the Overview's first load. */
export function shippedScripts() {
  const built = JSON.parse(readFileSync(join(DIST, 'chunks.json'), 'utf8')) as Chunks
  const size = (file: string, suffix: string) => statSync(join(DIST, `${file}${suffix}`)).size
  const part = (file: string) => ({
    raw: size(file, ''),
    gzip: size(file, '.gz'),
    brotli: size(file, '.br'),
  })
  const first = [built.entry, ...built.first]
  const sum = (files: string[]) =>
    files.map(part).reduce((a, b) => ({
      raw: a.raw + b.raw,
      gzip: a.gzip + b.gzip,
      brotli: a.brotli + b.brotli,
    }))
  return {
    chunks: built.chunks.map((chunk) => ({
      name: chunk.isEntry ? 'shell (entry)' : chunk.name,
      firstLoad: first.includes(chunk.file),
      ...part(chunk.file),
    })),
    firstLoad: sum(first),
    total: sum(built.chunks.map((chunk) => chunk.file)),
  }
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round(sorted[Math.max(0, index)] ?? 0)
}

/** In the child: a collector on generated, built data; Chromium loads the Overview. */
async function measure(events: number): Promise<DashboardLoadBench> {
  const { configFromEnv, startCollector } = await import('@leadhouse/collector')
  const { buildModels } = await import('@leadhouse/models')
  const { generate } = await import('@leadhouse/generate')
  const { chromium } = await import('playwright-core')
  const dir = mkdtempSync(join(tmpdir(), 'leadhouse-bench-dashboard-'))
  const built = process.env.BENCH_DASHBOARD_DATA_DIR
  if (built !== undefined && !existsSync(built))
    throw new Error(`BENCH_DASHBOARD_DATA_DIR ${built} does not exist`)
  const collector = await startCollector({
    config: {
      ...configFromEnv({
        PORT: '0',
        LEADHOUSE_MODELS_INTERVAL: '0',
        LEADHOUSE_SPOOL_DIR: join(dir, 'spool'),
      }),
      warehouse: { dataDir: built ?? join(dir, 'data') },
      stateDir: join(dir, 'state'),
      readKeys: [READ_KEY],
    },
    log: () => {},
  })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  try {
    if (built === undefined) {
      await generate(collector.warehouse, { events, seed: 1 })
      await buildModels({ warehouse: collector.warehouse })
    }
    const viewport = { width: 1280, height: 900 }
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await page.goto(`${collector.url}/login`)
    await page.fill('input[name=key]', READ_KEY)
    await page.click('button[type=submit]')
    await page.waitForURL(`${collector.url}/dashboard`)
    // The session cookie and the language, for the fresh contexts of the cold loads.
    const storageState = await context.storageState()
    /** Ms from the navigation's start to the frame where the tiles and the chart are there. */
    const load = async (page: Page): Promise<number> => {
      await page.goto(`${collector.url}/dashboard`, { waitUntil: 'commit' })
      // Runs in the page (a function: the CSP forbids eval); bench/ compiles without the DOM's types.
      const rendered = await page.waitForFunction(
        () => {
          const { document } = globalThis as unknown as {
            document: { querySelector(s: string): unknown; querySelectorAll(s: string): unknown[] }
          }
          return document.querySelectorAll('.kpi .kpi-value').length > 0 &&
            document.querySelector('.trend-chart svg.plot path')
            ? performance.now()
            : false
        },
        undefined,
        { polling: 'raf', timeout: 60_000 },
      )
      return Number(await rendered.jsonValue())
    }
    // One load to warm the engine's caches of the marts: the API's cost is the read bench's.
    await load(page)
    const cold: number[] = []
    const warm: number[] = []
    for (let round = 0; round < LOADS; round++) {
      // Cold: a new context, whose HTTP and code caches are empty; warm: the same page again.
      const fresh = await browser.newContext({ viewport, storageState })
      const first = await fresh.newPage()
      cold.push(await load(first))
      warm.push(await load(first))
      await fresh.close()
    }
    return { events, cold, warm }
  } finally {
    await browser.close()
    await collector.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs the first-load bench (`BENCH_EVENTS`, default 1,000,000) and prints its tables. */
export async function benchDashboardLoad(): Promise<DashboardLoadBench> {
  const shipped = shippedScripts()
  console.log(
    '\nThe dashboard’s JavaScript by chunk, as served (bytes; `first` = the Overview’s first load)',
  )
  console.table(
    Object.fromEntries([
      ...shipped.chunks.map(({ name, firstLoad, raw, gzip, brotli }) => [
        name,
        { first: firstLoad ? 'yes' : '', raw, gzip, brotli },
      ]),
      ['Overview’s first load', { first: '', ...shipped.firstLoad }],
      ['all pages', { first: '', ...shipped.total }],
    ]),
  )
  const bench = await runInChild<DashboardLoadBench>(import.meta.url, [benchEvents()], {
    bench: 'dashboard bench',
    timeoutMs: TIMEOUT_MS,
  })
  console.log(
    `\nThe dashboard’s first load to a rendered Overview in headless Chromium, ${bench.events.toLocaleString('en-US')} generated events, ${bench.cold.length} loads each; ms from navigation start`,
  )
  const row = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b)
    const p50 = percentile(sorted, 50)
    return {
      min: percentile(sorted, 0),
      p50,
      max: percentile(sorted, 100),
      'p50 ≤ 1.5 s': p50 <= TARGET_MS ? 'yes' : 'NO',
    }
  }
  console.table({ 'cold cache': row(bench.cold), 'warm cache': row(bench.warm) })
  return bench
}

if (isMain(import.meta.url))
  process.stdout.write(`${JSON.stringify(await measure(childEvents('dashboard bench')))}\n`)
