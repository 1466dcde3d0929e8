/**
 * `pnpm demo` as a user runs it (`demo/main.ts`, a child process) on a temporary directory: the
 * first start generates data and builds the marts, its link logs a browser in once and only
 * once, a second start reuses the data and the first start's link is dead; a real
 * installation's data directory named in the environment is never touched, and neither the demo
 * nor the collector takes a directory that is not a demo's.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, configFromEnv, startCollector } from '@leadhouse/collector'
import { openWarehouse } from '@leadhouse/warehouse'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './support/browser.js'
import { ROOT } from './support/collector.js'

const EVENTS = 20_000
const LINK = /(http:\/\/127\.0\.0\.1:\d+)\/login\/once\/[A-Za-z0-9_-]{43}/

const demoDir = temporaryDataDir()
/** A real installation's directory, named by LEADHOUSE_DATA_DIR in the demo's environment. */
const realDir = temporaryDataDir()
const realFile = join(realDir, 'keep-me.txt')
const running = new Set<ChildProcess>()
let realBefore: string[] = []

beforeAll(() => {
  mkdirSync(realDir, { recursive: true })
  writeFileSync(realFile, 'a real installation\n')
  realBefore = snapshot(realDir)
})

afterAll(() => {
  for (const child of running) child.kill('SIGKILL')
  rmSync(demoDir, { recursive: true, force: true })
  rmSync(realDir, { recursive: true, force: true })
})

interface Demo {
  child: ChildProcess
  /** The base URL and the login link, once printed; rejects if the process exits first. */
  ready: Promise<{ url: string; link: string; seconds: number }>
  exited: Promise<number | null>
  output(): string
}

/** `node --import tsx demo/main.ts`, as `pnpm demo` runs it after building the SDK. */
function spawnDemo(args: string[]): Demo {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      // A user's settings for their real installation: the demo must not use them.
      LEADHOUSE_DATA_DIR: realDir,
      CLICKHOUSE_URL: 'http://127.0.0.1:9/',
    },
  })
  running.add(child)
  let output = ''
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      running.delete(child)
      resolve(code)
    }),
  )
  const ready = new Promise<{ url: string; link: string; seconds: number }>((resolve, reject) => {
    const take = (chunk: Buffer) => {
      output += chunk
      const match = LINK.exec(output)
      if (match?.[1])
        resolve({
          url: match[1],
          link: match[0],
          seconds: (performance.now() - started) / 1000,
        })
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    void exited.then((code) => reject(new Error(`demo exited (${code}):\n${output}`)))
  })
  ready.catch(() => undefined)
  return { child, ready, exited, output: () => output }
}

async function stop(demo: Demo): Promise<number | null> {
  demo.child.kill('SIGTERM')
  return demo.exited
}

/** Opens a link without following its redirect: status, where to, and the session cookie. */
async function open(link: string) {
  const response = await fetch(link, { redirect: 'manual' })
  const cookie = /^(lh_session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1]
  return { status: response.status, location: response.headers.get('location'), cookie }
}

/** The real directory as it is: its entries and each file's size and modification time. */
function snapshot(dir: string) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((entry) => {
      const stat = statSync(join(dir, entry))
      return `${entry} ${stat.size} ${stat.mtimeMs}`
    })
}

describe('pnpm demo', () => {
  let firstLink = ''
  let firstSeconds = 0

  it('fills its own directory on the first start and logs in once with its link', async () => {
    const demo = spawnDemo(['--data-dir', demoDir, '--events', String(EVENTS)])
    const { url, link, seconds } = await demo.ready
    firstLink = link
    firstSeconds = seconds
    expect(demo.output()).toMatch(/generated +20,\d{3} events, [\d,]+ leads/)
    expect(demo.output()).toContain(demoDir)

    const first = await open(link)
    expect(first).toMatchObject({ status: 303, location: '/dashboard' })
    expect(first.cookie).toBeDefined()
    const dashboard = await fetch(`${url}/dashboard`, {
      headers: { cookie: first.cookie as string },
      redirect: 'manual',
    })
    expect(dashboard.status).toBe(200)
    // The session is a read key's: the read API answers, an admin endpoint refuses.
    const read = await fetch(`${url}/api/v1/activity`, {
      headers: { cookie: first.cookie as string },
    })
    expect(read.status).toBe(200)
    const admin = await fetch(`${url}/api/v1/models/run`, {
      method: 'POST',
      headers: { cookie: first.cookie as string, origin: url },
    })
    expect(admin.status).toBe(403)

    // Once only: the same link again, and a made-up one, show the login form and set nothing.
    for (const again of [link, `${url}/login/once/${'A'.repeat(43)}`]) {
      const refused = await open(again)
      expect(refused).toMatchObject({ status: 401, cookie: undefined })
    }
    expect(await fetch(`${url}/dashboard`, { redirect: 'manual' })).toHaveProperty('status', 303)
    expect(await stop(demo)).toBe(0)
  }, 240_000)

  it('leaves data and built marts in its directory', async () => {
    const warehouse = await openWarehouse({ dataDir: demoDir })
    try {
      const result = await warehouse.client.query({
        query: `SELECT
          (SELECT count() FROM leadhouse.events) AS events,
          (SELECT count() FROM leadhouse.crm_events) AS crm,
          (SELECT count() FROM leadhouse.campaign_costs) AS costs,
          (SELECT count() FROM leadhouse.leads) AS leads,
          (SELECT count() FROM leadhouse.lead_scores) AS scores,
          (SELECT count() FROM leadhouse.attribution) AS attribution,
          (SELECT countIf(spend > 0) FROM leadhouse.channel_kpis) AS spent,
          (SELECT count() FROM leadhouse.funnel) AS funnel`,
        format: 'JSONEachRow',
      })
      const [counts] = await result.json<Record<string, string>>()
      expect(Number(counts?.events)).toBeGreaterThanOrEqual(EVENTS)
      for (const table of ['crm', 'costs', 'leads', 'scores', 'attribution', 'spent', 'funnel'])
        expect(Number(counts?.[table]), table).toBeGreaterThan(0)
    } finally {
      await warehouse.close()
    }
  }, 60_000)

  it('reuses the data on a second start, whose link logs a browser in; the first start’s link is dead', async () => {
    const demo = spawnDemo(['--data-dir', demoDir])
    const { url, link, seconds } = await demo.ready
    expect(demo.output()).toContain('reused')
    expect(demo.output()).not.toContain('generated')
    expect(seconds).toBeLessThan(firstSeconds)
    expect(link).not.toBe(firstLink)
    // The first start's token, sent to this process (on another port: PORT=0).
    const stale = firstLink.replace(/^http:\/\/[^/]+/, url)
    expect(await open(stale)).toMatchObject({ status: 401, cookie: undefined })
    // In a browser, as from the terminal: the link lands on the dashboard, logged in.
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const response = await page.goto(link)
      expect(response?.status()).toBe(200)
      expect(new URL(page.url()).pathname).toBe('/dashboard')
      expect(await page.reload().then((again) => again?.url())).toBe(`${url}/dashboard`)
    } finally {
      await browser.close()
    }
    expect(await open(link)).toMatchObject({ status: 401, cookie: undefined })
    expect(await stop(demo)).toBe(0)
  }, 120_000)

  it('never touches the real data directory, and refuses one that is not a demo’s', async () => {
    const refused = spawnDemo(['--data-dir', realDir])
    expect(await refused.exited).toBe(1)
    expect(refused.output()).toMatch(
      new RegExp(`^leadhouse demo: ${realDir} holds files and is no demo's directory`),
    )
    // The collector makes no login link on a directory without the demo's mark either.
    await expect(
      startCollector({
        config: configFromEnv({ LEADHOUSE_DATA_DIR: realDir, PORT: '0' }),
        log: () => {},
        demo: true,
      }),
    ).rejects.toThrow(ConfigError)
    expect(snapshot(realDir)).toEqual(realBefore)
    expect(readFileSync(realFile, 'utf8')).toBe('a real installation\n')
  }, 60_000)
})
