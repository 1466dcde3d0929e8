import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_ALERTS } from './alerts-config.js'
import { Deliverer } from './deliverer.js'
import { entryState } from './outbox.js'
import { createSenders } from './senders.js'
import { verifySignature } from './signature.js'
import { memorySource, type Receiver, startReceiver, testAlert } from './testing.js'

const SECRET = 'whsec_0123456789abcdef0123456789abcdef'
const OUTAGE_MS = 60_000
const dir = mkdtempSync(join(tmpdir(), 'lh-outbox-'))
let receiver: Receiver | undefined
afterAll(async () => {
  await receiver?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a receiver down for a minute', () => {
  it('gets the alert once it is up again, once, with the same key', async () => {
    // Take a free port, then close it: for a minute, nothing listens there.
    const probe = await startReceiver()
    const { port, url } = probe
    await probe.close()
    const config = {
      ...DEFAULT_ALERTS,
      destinations: { emea: { webhook: { url, secret: SECRET } } },
      owners: {},
      backoffBaseMs: 1000,
      backoffCapMs: 8000,
      maxAttempts: 100,
    }
    const senders = createSenders({
      config,
      baseUrl: () => 'https://lh.acme.test',
      ownerAddress: async () => undefined,
    })
    const deliverer = await Deliverer.open({
      dir,
      config,
      source: memorySource([testAlert()]),
      send: senders.send,
    })
    deliverer.start()
    const started = Date.now()
    await deliverer.collect()
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS))
    const failedAttempts = deliverer.outbox.get('a1b2c3')?.deliveries.webhook?.attempts ?? 0
    expect(failedAttempts).toBeGreaterThanOrEqual(4)
    expect(entryState(deliverer.outbox.get('a1b2c3') ?? never())).toBe('pending')
    receiver = await startReceiver(port)
    const got = await receiver.next()
    const upFor = Date.now() - started - OUTAGE_MS
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(receiver.received).toHaveLength(1)
    expect(got.headers['idempotency-key']).toBe('a1b2c3')
    expect(verifySignature(SECRET, got.body, String(got.headers['x-leadhouse-signature']))).toBe(
      true,
    )
    const delivery = deliverer.outbox.get('a1b2c3')?.deliveries.webhook
    expect(delivery?.state).toBe('delivered')
    // Full jitter under an 8 s cap: the first attempt after the outage within the cap.
    expect(upFor).toBeLessThan(8_500)
    console.log(
      `outage: ${failedAttempts} failed attempts in ${OUTAGE_MS / 1000} s; delivered ${upFor} ms after the receiver came back, attempt ${delivery?.attempts}`,
    )
    await deliverer.stop()
    senders.close()
  }, 90_000)
})

function never(): never {
  throw new Error('no such outbox entry')
}
