import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from 'prom-client'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import type { Alert } from './alert.js'
import { registerAlertMetrics } from './alert-metrics.js'
import { type AlertsConfig, DEFAULT_ALERTS } from './alerts-config.js'
import { Deliverer } from './deliverer.js'
import { entryState, Outbox } from './outbox.js'
import { createSenders } from './senders.js'
import { verifySignature } from './signature.js'
import { memorySource, type Receiver, startReceiver, testAlert } from './testing.js'

const SECRET = 'whsec_0123456789abcdef0123456789abcdef'
const dirs: string[] = []
const closers: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const close of closers.reverse()) await close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function outboxDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lh-outbox-'))
  dirs.push(dir)
  return dir
}

async function receiver(): Promise<Receiver> {
  const started = await startReceiver()
  closers.push(() => started.close())
  return started
}

function config(overrides: Partial<AlertsConfig>): AlertsConfig {
  return { ...DEFAULT_ALERTS, destinations: {}, owners: {}, ...overrides }
}

async function deliverer(
  alertsConfig: AlertsConfig,
  alerts: Alert[],
  dir = outboxDir(),
  owners: Record<string, string> = {},
) {
  const registry = new Registry()
  let opened: Deliverer | undefined
  const metrics = registerAlertMetrics(registry, () => opened?.pending() ?? 0)
  const senders = createSenders({
    config: alertsConfig,
    baseUrl: () => 'https://lh.acme.test',
    ownerAddress: async (owner) => owners[owner],
  })
  opened = await Deliverer.open({
    dir,
    config: alertsConfig,
    source: memorySource(alerts),
    send: senders.send,
    metrics,
  })
  const started = opened
  closers.push(async () => {
    await started.stop()
    senders.close()
  })
  started.start()
  return { deliverer: started, registry, dir }
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('alert delivery', () => {
  it('sends a signed webhook with the alert_id as idempotency key, and the whole payload', async () => {
    const hook = await receiver()
    const alert = testAlert()
    const { deliverer: sending } = await deliverer(
      config({ destinations: { emea: { webhook: { url: hook.url, secret: SECRET } } } }),
      [alert],
    )
    expect(await sending.collect()).toBe(1)
    await until(() => hook.received.length === 1)
    const [got] = hook.received
    if (!got) throw new Error('nothing received')
    expect(got.headers['idempotency-key']).toBe(alert.alertId)
    expect(got.headers['x-leadhouse-alert-id']).toBe(alert.alertId)
    const signature = String(got.headers['x-leadhouse-signature'])
    expect(verifySignature(SECRET, got.body, signature)).toBe(true)
    expect(verifySignature(SECRET, got.body.replace('"score":72', '"score":99'), signature)).toBe(
      false,
    )
    expect(JSON.parse(got.body)).toEqual({
      alert_id: 'a1b2c3',
      trigger: 'became_mql',
      triggered_at: alert.triggeredAt,
      event_ts: alert.eventTs,
      lead: { email: 'jane@acme.test', name: 'Jane <b>Doe</b>', company: 'Acme' },
      score: 72,
      temperature: 'hot',
      traffic_light: 'green',
      reasons: alert.reasons,
      owner: 'Anna Berger',
      team: 'emea',
      rule: 'r1-dach',
      activities: alert.activities,
      link: 'https://lh.acme.test/dashboard/leads/detail?email=jane%40acme.test',
    })
    await until(() => entryState(sending.outbox.get(alert.alertId) ?? never()) === 'delivered')
  })

  it('queues one alert per alert_id, across collects and a reopened outbox', async () => {
    const hook = await receiver()
    const alerts = [testAlert()]
    const settings = config({
      destinations: { '*': { webhook: { url: hook.url, secret: SECRET } } },
    })
    const first = await deliverer(settings, alerts)
    expect(await first.deliverer.collect()).toBe(1)
    expect(await first.deliverer.collect()).toBe(0)
    await until(() => hook.received.length === 1)
    await first.deliverer.stop()
    // A rebuild decides the same alert again, and a new one.
    alerts.push(testAlert({ alertId: 'second', email: 'joe@acme.test' }))
    const second = await deliverer(settings, alerts, first.dir)
    expect(await second.deliverer.collect()).toBe(1)
    await until(() => hook.received.length === 2)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(hook.received.map((got) => got.headers['idempotency-key'])).toEqual(['a1b2c3', 'second'])
  })

  it('retries with backoff and keeps the same key until the receiver takes it', async () => {
    const hook = await receiver()
    hook.answer = 503
    const { deliverer: sending, registry } = await deliverer(
      config({
        destinations: { emea: { webhook: { url: hook.url, secret: SECRET } } },
        backoffBaseMs: 50,
        backoffCapMs: 200,
      }),
      [testAlert()],
    )
    await sending.collect()
    await until(() => hook.received.length >= 3)
    hook.answer = 200
    await until(() => entryState(sending.outbox.get('a1b2c3') ?? never()) === 'delivered')
    const keys = new Set(hook.received.map((got) => got.headers['idempotency-key']))
    expect([...keys]).toEqual(['a1b2c3'])
    const text = await registry.metrics()
    expect(text).toMatch(/leadhouse_alerts_sent_total\{kind="webhook"\} 1/)
    expect(text).toMatch(/leadhouse_alerts_retried_total\{kind="webhook"\} [3-9]/)
    expect(text).toMatch(/leadhouse_alerts_pending 0/)
  })

  it('gives up after maxAttempts: a dead letter with the last error, counted', async () => {
    const hook = await receiver()
    hook.answer = 500
    const { deliverer: sending, registry } = await deliverer(
      config({
        destinations: { emea: { webhook: { url: hook.url, secret: SECRET } } },
        maxAttempts: 3,
        backoffBaseMs: 20,
        backoffCapMs: 50,
      }),
      [testAlert()],
    )
    await sending.collect()
    await until(() => entryState(sending.outbox.get('a1b2c3') ?? never()) === 'dead')
    const delivery = sending.outbox.get('a1b2c3')?.deliveries.webhook
    expect(delivery?.attempts).toBe(3)
    expect(delivery?.lastError).toMatch(/answered 500/)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(hook.received).toHaveLength(3)
    expect(await registry.metrics()).toMatch(/leadhouse_alerts_dead_total\{kind="webhook"\} 1/)
  })

  it("posts Slack Block Kit blocks, with visitors' values escaped", async () => {
    const hook = await receiver()
    const { deliverer: sending } = await deliverer(
      config({ destinations: { emea: { slack: { url: hook.url } } } }),
      [testAlert()],
    )
    await sending.collect()
    await until(() => hook.received.length === 1)
    const body = JSON.parse(hook.received[0]?.body ?? '{}')
    expect(body.text).toBe('Jane <b>Doe</b> (Acme) became an MQL')
    expect(body.blocks.map((block: { type: string }) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
      'actions',
    ])
    expect(body.blocks[0].text.type).toBe('plain_text')
    expect(body.blocks[1].fields[0].text).toBe('*Email*\njane@acme.test')
    expect(JSON.stringify(body.blocks[3])).toContain('/pricing')
    expect(body.blocks[4].elements[0].url).toBe(
      'https://lh.acme.test/dashboard/leads/detail?email=jane%40acme.test',
    )
  })

  it('emails the routed owner over SMTP with authentication', async () => {
    const messages: { from: string; to: string[]; data: string; user?: string }[] = []
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 's3cret')
          return callback(null, { user: auth.username })
        return callback(new Error('bad credentials'))
      },
      onData(stream, session, callback) {
        let data = ''
        stream.setEncoding('utf8')
        stream.on('data', (chunk: string) => {
          data += chunk
        })
        stream.on('end', () => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            data,
            user: String(session.user),
          })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())))
    const port = (smtp.server.address() as { port: number }).port
    const { deliverer: sending } = await deliverer(
      config({
        destinations: { emea: { email: {} } },
        smtp: { url: `smtp://mailer:s3cret@127.0.0.1:${port}`, from: 'leadhouse@acme.test' },
      }),
      [testAlert()],
      undefined,
      { 'Anna Berger': 'anna.berger@acme.test' },
    )
    await sending.collect()
    await until(() => messages.length === 1)
    const [message] = messages
    expect(message?.to).toEqual(['anna.berger@acme.test'])
    expect(message?.from).toBe('leadhouse@acme.test')
    expect(message?.user).toBe('mailer')
    expect(message?.data).toMatch(/Subject: Lead alert: Jane <b>Doe<\/b> \(Acme\) became an MQL/)
    expect(message?.data).toMatch(/^X-Leadhouse-Alert-Id: a1b2c3$/im)
    const text = quotedPrintable(message?.data.split('\r\n\r\n').slice(1).join('\r\n\r\n') ?? '')
    expect(text).toContain('Owner: Anna Berger · team emea · rule r1-dach')
    expect(text).toContain('Score: 72 (hot, green)')
    expect(text).toContain('/pricing')
    expect(text).toContain('https://lh.acme.test/dashboard/leads/detail?email=jane%40acme.test')
    await until(() => entryState(sending.outbox.get('a1b2c3') ?? never()) === 'delivered')
  })

  it('keeps an alert whose owner has no address as a dead letter naming why', async () => {
    const { deliverer: sending } = await deliverer(
      config({
        destinations: { emea: { email: {} } },
        smtp: { url: 'smtp://127.0.0.1:1', from: 'leadhouse@acme.test' },
      }),
      [testAlert()],
    )
    await sending.collect()
    await until(() => entryState(sending.outbox.get('a1b2c3') ?? never()) === 'dead')
    expect(sending.outbox.get('a1b2c3')?.deliveries.email?.lastError).toMatch(
      /no address for owner "Anna Berger"/,
    )
  })
})

/** A quoted-printable body as text (soft line breaks joined, =XX bytes decoded as UTF-8). */
function quotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < joined.length; i++) {
    const hex = /^=([0-9A-F]{2})/.exec(joined.slice(i, i + 3))
    if (hex?.[1]) {
      bytes.push(Number.parseInt(hex[1], 16))
      i += 2
    } else bytes.push(joined.charCodeAt(i))
  }
  return Buffer.from(bytes).toString('utf8')
}

function never(): never {
  throw new Error('no such outbox entry')
}

describe('the outbox', () => {
  it('forgets delivered alerts older than the lookback, keeps dead ones and recent ones', async () => {
    const hook = await receiver()
    const day = 24 * 3_600_000
    const old = new Date(Date.now() - 10 * day).toISOString()
    const alerts = [
      testAlert({ alertId: 'old', triggeredAt: old }),
      testAlert({ alertId: 'recent', email: 'joe@acme.test' }),
    ]
    const settings = config({
      destinations: { emea: { webhook: { url: hook.url, secret: SECRET } } },
      lookbackMs: 30 * day,
    })
    const first = await deliverer(settings, alerts)
    await first.deliverer.collect()
    await until(() => first.deliverer.pending() === 0)
    await first.deliverer.stop()
    // Reopened with a shorter lookback: `old` can no longer come from the mart.
    const second = await deliverer({ ...settings, lookbackMs: 7 * day }, [], first.dir)
    await second.deliverer.collect()
    expect(second.deliverer.outbox.has('old')).toBe(false)
    expect(second.deliverer.outbox.has('recent')).toBe(true)
  })

  it('writes a resend to the file: a reopened outbox has the dead letter pending, attempts reset', async () => {
    const hook = await receiver()
    hook.answer = 500
    const settings = config({
      destinations: { emea: { webhook: { url: hook.url, secret: SECRET } } },
      maxAttempts: 2,
      backoffBaseMs: 10,
      backoffCapMs: 20,
    })
    const alerts = [testAlert(), testAlert({ alertId: 'apac-1', team: 'apac' })]
    const first = await deliverer(settings, alerts)
    await first.deliverer.collect()
    await until(() => first.deliverer.pending() === 0)
    // Stopped, so nothing sends it before the file is read back: the state is the resend's.
    await first.deliverer.stop()
    expect(await first.deliverer.resend('a1b2c3')).toEqual({
      outcome: 'resent',
      resent: ['webhook'],
    })
    const reopened = await Outbox.open(first.dir)
    expect(reopened.get('a1b2c3')?.deliveries.webhook).toMatchObject({
      state: 'pending',
      attempts: 0,
      lastError: expect.stringMatching(/answered 500/),
    })
    expect(entryState(reopened.get('apac-1') ?? never())).toBe('dead')
    // Pending now, so not a dead letter: refused, the file untouched.
    expect(await first.deliverer.resend('a1b2c3')).toEqual({
      outcome: 'not_dead',
      state: 'pending',
    })
    expect(await first.deliverer.resend('nope')).toEqual({ outcome: 'unknown' })
    // The team without a destination gets one in the config; the restarted collector resends
    // the dead letter to it, and the receiver takes the first one with the same key.
    hook.answer = 200
    const second = await deliverer(
      { ...settings, destinations: { '*': { webhook: { url: hook.url, secret: SECRET } } } },
      [],
      first.dir,
    )
    expect(await second.deliverer.resend('apac-1')).toEqual({
      outcome: 'resent',
      resent: ['webhook'],
    })
    await until(() => second.deliverer.pending() === 0)
    expect(entryState(second.deliverer.outbox.get('a1b2c3') ?? never())).toBe('delivered')
    expect(entryState(second.deliverer.outbox.get('apac-1') ?? never())).toBe('delivered')
    const keys = hook.received.slice(-2).map((got) => got.headers['idempotency-key'])
    expect(keys.sort()).toEqual(['a1b2c3', 'apac-1'])
  })
})
