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
const CAP_MS = 8000
const dir = mkdtempSync(join(tmpdir(), 'lh-outbox-'))
let receiver: Receiver | undefined
afterAll(async () => {
  await receiver?.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * The deliverer's clock and its timer, moved on by the test from one due retry to the next: the
 * minute of the outage passes on the deliverer's clock without the test waiting a minute. Each
 * attempt is a real POST to a real port.
 */
function steppedClock(start: number) {
  let clock = start
  let timer: { due: number; wake: () => void } | undefined
  return {
    now: () => clock,
    setTimer(wake: () => void, ms: number) {
      const set = { due: clock + ms, wake }
      timer = set
      return () => {
        if (timer === set) timer = undefined
      }
    },
    /** The deliverer's timer once it has set one: after the attempt under way has ended. */
    async timerSet(): Promise<{ due: number }> {
      while (!timer) await new Promise((resolve) => setTimeout(resolve, 5))
      return timer
    },
    /** Whether a timer is set now. */
    waiting: () => timer !== undefined,
    /** Moves the clock to the timer's time and wakes the deliverer. */
    fire() {
      const due = timer
      if (!due) throw new Error('no timer set')
      timer = undefined
      clock = Math.max(clock, due.due)
      due.wake()
    },
  }
}

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
      backoffCapMs: CAP_MS,
      maxAttempts: 100,
    }
    const senders = createSenders({
      config,
      baseUrl: () => 'https://lh.acme.test',
      ownerAddress: async () => undefined,
    })
    const started = Date.parse('2026-12-07T10:00:00Z')
    const time = steppedClock(started)
    const deliverer = await Deliverer.open({
      dir,
      config,
      source: memorySource([testAlert()]),
      send: senders.send,
      now: time.now,
      setTimer: time.setTimer,
    })
    deliverer.start()
    await deliverer.collect()
    // Every retry due within the minute goes to the closed port.
    let retry = await time.timerSet()
    while (retry.due < started + OUTAGE_MS) {
      time.fire()
      retry = await time.timerSet()
    }
    const failedAttempts = deliverer.outbox.get('a1b2c3')?.deliveries.webhook?.attempts ?? 0
    expect(failedAttempts).toBeGreaterThanOrEqual(4)
    expect(entryState(deliverer.outbox.get('a1b2c3') ?? never())).toBe('pending')
    receiver = await startReceiver(port)
    const upFor = retry.due - started - OUTAGE_MS
    time.fire()
    const got = await receiver.next()
    while (deliverer.outbox.get('a1b2c3')?.deliveries.webhook?.state === 'pending')
      await new Promise((resolve) => setTimeout(resolve, 5))
    // Delivered, nothing more is due: the deliverer sets no further timer and sends nothing more.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(time.waiting()).toBe(false)
    expect(receiver.received).toHaveLength(1)
    expect(got.headers['idempotency-key']).toBe('a1b2c3')
    expect(verifySignature(SECRET, got.body, String(got.headers['x-leadhouse-signature']))).toBe(
      true,
    )
    const delivery = deliverer.outbox.get('a1b2c3')?.deliveries.webhook
    expect(delivery?.state).toBe('delivered')
    expect(delivery?.attempts).toBe(failedAttempts + 1)
    // Full jitter under the cap: the first attempt after the outage within the cap of its end.
    expect(upFor).toBeLessThanOrEqual(CAP_MS)
    console.log(
      `outage: ${failedAttempts} failed attempts in ${OUTAGE_MS / 1000} s of the deliverer's clock; delivered ${upFor} ms after the receiver came back, attempt ${delivery?.attempts}`,
    )
    await deliverer.stop()
    senders.close()
  })
})

function never(): never {
  throw new Error('no such outbox entry')
}
