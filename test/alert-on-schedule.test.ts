/**
 * Issue #24's hand-over on the schedule: a spawned collector with a short build interval, CRM
 * records posted to it (a stage change to `mql`, as a CRM sends it), the routing models deciding
 * the alert, a webhook receiver and an SMTP server on 127.0.0.1. Each round prints the time from
 * the CRM record to the webhook (the issue's latency: at most the build interval + 10 s); the
 * figures are reported, not asserted, as speed is (docs/performance.md).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { verifySignature } from '@leadhouse/collector'
import { type Receiver, startReceiver } from '@leadhouse/collector/testing'
import { temporaryDataDir } from '@leadhouse/warehouse/testing'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnCollector } from './support/collector.js'

const SECRET = 'whsec_0123456789abcdef0123456789abcdef'
const ADMIN_KEY = 'admin-key-for-alert-latency-tests'
// The shorter of the intervals measured (docs/performance.md): the stricter bound, and each round
// waits less for its tick.
const INTERVAL_S = 5
const ROUNDS = 3

let receiver: Receiver | undefined
/** Recipients of each message the SMTP server took: the routed owners' addresses. */
const mailed: string[][] = []
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  onData(stream, session, callback) {
    stream.resume()
    stream.on('end', () => {
      mailed.push(session.envelope.rcptTo.map((rcpt) => rcpt.address))
      callback()
    })
  },
})
afterAll(async () => {
  await receiver?.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

describe('from the MQL event to the webhook', () => {
  it('delivers each new MQL, signed, to the webhook and to its routed owner by email', async () => {
    receiver = await startReceiver()
    const hook = receiver
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    const smtpPort = (smtp.server.address() as { port: number }).port
    const dir = temporaryDataDir()
    const config = join(dir, 'leadhouse.config.json')
    writeFileSync(
      config,
      JSON.stringify({
        adminKeys: [ADMIN_KEY],
        alerts: {
          destinations: { '*': { webhook: { url: hook.url, secret: SECRET }, email: {} } },
          smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: 'leadhouse@acme.test' },
        },
      }),
    )
    const leadhouse = spawnCollector({
      env: {
        LEADHOUSE_DATA_DIR: temporaryDataDir(),
        LEADHOUSE_CONFIG: config,
        LEADHOUSE_MODELS_INTERVAL: `${INTERVAL_S}s`,
      },
    })
    const url = await leadhouse.serving
    const latencies: number[] = []
    const owners: string[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      const email = `latency-${round}-${Date.now()}@acme.test`
      const arrived = new Promise<{ at: number; body: string; signature: string }>((resolve) => {
        const wait = () =>
          void hook.next().then((got) => {
            if (got.body.includes(email))
              resolve({
                at: got.at,
                body: got.body,
                signature: String(got.headers['x-leadhouse-signature']),
              })
            else wait()
          })
        wait()
      })
      const postedAt = Date.now()
      const response = await fetch(`${url}/api/v1/crm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          records: [
            {
              id: `mql-${email}`,
              type: 'stage_change',
              stage: 'mql',
              occurred_at: postedAt,
              email,
              name: `Lead ${round}`,
              company: 'Acme',
              country: 'DE',
            },
          ],
        }),
      })
      expect(response.status).toBe(202)
      const got = await arrived
      const payload = JSON.parse(got.body)
      expect(payload.trigger).toBe('became_mql')
      expect(verifySignature(SECRET, got.body, got.signature)).toBe(true)
      latencies.push(got.at - postedAt)
      owners.push(payload.owner)
      const metrics = await (
        await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
      ).text()
      const build = /^leadhouse_models_last_build_seconds (\S+)$/m.exec(metrics)?.[1]
      console.log(
        `round ${round}: CRM record posted → webhook ${got.at - postedAt} ms, the build ${build} s (owner ${payload.owner}, team ${payload.team}, rule ${payload.rule})`,
      )
    }
    expect(latencies).toHaveLength(ROUNDS)
    // Each alert also went to its routed owner, at the address sales_team.csv gives.
    for (let tries = 0; tries < 50 && mailed.length < ROUNDS; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(mailed.flat().sort()).toEqual(owners.map(ownerAddress).sort())
    expect(await leadhouse.stop()).toBe(0)
  }, 300_000)
})

/** `Anna Weber` → `anna.weber@leadhouse.example`, as in the sales_team seed. */
function ownerAddress(owner: string): string {
  return `${owner.toLowerCase().replace(/ /g, '.')}@leadhouse.example`
}
