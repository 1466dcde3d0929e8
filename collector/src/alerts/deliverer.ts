import type { AlertMetrics } from './alert-metrics.js'
import type { AlertSource } from './alert-source.js'
import { type AlertsConfig, destinationOf } from './alerts-config.js'
import { fullJitter } from './backoff.js'
import {
  type DeliveryState,
  type EntryState,
  entryState,
  Outbox,
  type OutboxEntry,
} from './outbox.js'
import {
  DESTINATION_KINDS,
  DeliveryError,
  type DestinationKind,
  type SendAlert,
} from './senders.js'

/**
 * Alert delivery: after each model build, `collect` writes the alerts the outbox does not hold
 * yet into it (durably, before anything is sent); a loop sends each due delivery, at least once,
 * with the alert_id as its idempotency key, retrying with full-jitter backoff until the
 * destination accepts or the attempts are used up (dead letter). Started, it sends what an
 * earlier process left pending: nothing queued is lost to a crash.
 */

/** Kept beyond the lookback, against clocks that disagree. */
const PRUNE_MARGIN_MS = 24 * 3_600_000

export interface DelivererOptions {
  /** The outbox's directory, in the data directory. */
  dir: string
  config: AlertsConfig
  source: AlertSource
  send: SendAlert
  metrics?: AlertMetrics | undefined
  log?: (line: string) => void
  now?: () => number
  random?: () => number
  /** Deliveries sent at once. Default 4. */
  concurrency?: number
}

/** What `resend` did: `resent` names the destinations put back to pending. */
export type ResendOutcome =
  | { outcome: 'resent'; resent: string[] }
  | { outcome: 'unknown' }
  | { outcome: 'not_dead'; state: EntryState }
  | { outcome: 'no_destination'; message: string }

export class Deliverer {
  private timer: NodeJS.Timeout | undefined
  private readonly inFlight = new Set<string>()
  private stopped = false
  private collecting: Promise<number> | undefined
  private sending: Promise<void> | undefined
  private readonly now: () => number

  private constructor(
    private readonly options: DelivererOptions,
    readonly outbox: Outbox,
  ) {
    this.now = options.now ?? Date.now
  }

  static async open(options: DelivererOptions): Promise<Deliverer> {
    return new Deliverer(options, await Outbox.open(options.dir))
  }

  /** Starts sending: what the outbox holds pending now, and what `collect` adds. */
  start(): void {
    this.kick()
  }

  /**
   * Queues the alerts the models decided that the outbox does not hold (one alert_id, one
   * alert: a rebuild or full refresh that decides it again adds nothing). Answers how many.
   * Calls made while one runs share it.
   */
  collect(): Promise<number> {
    this.collecting ??= this.collectOnce().finally(() => {
      this.collecting = undefined
    })
    return this.collecting
  }

  private async collectOnce(): Promise<number> {
    const { source, config } = this.options
    let added = 0
    for (const found of await source.alerts(this.now() - config.lookbackMs)) {
      if (this.outbox.has(found.alertId)) continue
      const destination = destinationOf(config, found.team)
      const kinds = DESTINATION_KINDS.filter((kind) => destination?.[kind])
      const queuedAt = this.now()
      const deliveries: Record<string, DeliveryState> = {}
      for (const kind of kinds)
        deliveries[kind] = { state: 'pending', attempts: 0, nextAttemptAt: queuedAt }
      if (kinds.length === 0)
        // Kept as a dead letter, visible, rather than dropped: an operator adds a destination.
        deliveries.none = {
          state: 'dead',
          attempts: 0,
          nextAttemptAt: queuedAt,
          lastError: `no destination for team ${JSON.stringify(found.team)} and no "*" in alerts.destinations`,
        }
      const entry: OutboxEntry = {
        alert: { ...found, activities: await source.activities(found.email) },
        queuedAt,
        deliveries,
      }
      if (await this.outbox.add(entry)) {
        added += 1
        if (kinds.length === 0) this.options.metrics?.dead.inc({ kind: 'none' })
      }
    }
    if (added > 0) this.kick()
    // Delivered alerts triggered before the lookback (and a day's margin for clocks) can no longer
    // be read from the mart, so their ids no longer need keeping. Dead letters stay, to be seen.
    const before = this.now() - config.lookbackMs - PRUNE_MARGIN_MS
    await this.outbox.prune(
      (entry) => entryState(entry) === 'delivered' && Date.parse(entry.alert.triggeredAt) < before,
    )
    return added
  }

  /**
   * Puts the dead deliveries of an alert back to pending, attempts reset, due now (an operator's
   * resend, once the receiver is back or the config fixed). Written to the outbox before it
   * answers, like every other state change, so a restart sends it too; the alert keeps its
   * alert_id, so a receiver that got it before can still drop the repeat. A dead letter that had
   * no destination (`none`) gets the team's destinations as they are configured now.
   */
  async resend(alertId: string): Promise<ResendOutcome> {
    const entry = this.outbox.get(alertId)
    if (!entry) return { outcome: 'unknown' }
    const state = entryState(entry)
    if (state !== 'dead') return { outcome: 'not_dead', state }
    const before = entry.deliveries
    const now = this.now()
    const fresh = (): DeliveryState => ({ state: 'pending', attempts: 0, nextAttemptAt: now })
    const deliveries: Record<string, DeliveryState> = {}
    const resent: string[] = []
    for (const [kind, delivery] of Object.entries(before)) {
      if (delivery.state !== 'dead') {
        deliveries[kind] = delivery
        continue
      }
      if (kind !== 'none') {
        // The last error stays until the next attempt replaces it: it says why it died.
        deliveries[kind] = { ...fresh(), lastError: delivery.lastError }
        resent.push(kind)
        continue
      }
      const destination = destinationOf(this.options.config, entry.alert.team)
      const kinds = DESTINATION_KINDS.filter((name) => destination?.[name] && !before[name])
      if (kinds.length === 0)
        return {
          outcome: 'no_destination',
          message: `no destination for team ${JSON.stringify(entry.alert.team)} and no "*" in alerts.destinations: add one to the config file and restart first`,
        }
      for (const name of kinds) {
        deliveries[name] = fresh()
        resent.push(name)
      }
    }
    // In place, as attempts under way on the alert's other destinations save this same object.
    entry.deliveries = deliveries
    try {
      await this.outbox.save(entry)
    } catch (error) {
      entry.deliveries = before
      throw error
    }
    for (const kind of resent) this.options.metrics?.resent.inc({ kind })
    this.options.log?.(`alerts: ${alertId} resent to ${resent.join(', ')}`)
    this.kick()
    return { outcome: 'resent', resent }
  }

  /** Deliveries not yet delivered nor dead. */
  pending(): number {
    let count = 0
    for (const entry of this.outbox.all())
      for (const delivery of Object.values(entry.deliveries))
        if (delivery.state === 'pending') count += 1
    return count
  }

  /** Sends what is due now, then sleeps until the next delivery is due. */
  kick(): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.sending) {
      // The run under way looks again when it ends.
      void this.sending.then(() => this.kick())
      return
    }
    this.sending = this.sendDue().finally(() => {
      this.sending = undefined
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.stopped || this.timer) return
    let next = Number.POSITIVE_INFINITY
    for (const entry of this.outbox.all())
      for (const delivery of Object.values(entry.deliveries))
        if (delivery.state === 'pending') next = Math.min(next, delivery.nextAttemptAt)
    if (next === Number.POSITIVE_INFINITY) return
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        this.kick()
      },
      Math.max(0, next - this.now()),
    )
    this.timer.unref()
  }

  private async sendDue(): Promise<void> {
    const due: [OutboxEntry, DestinationKind][] = []
    const now = this.now()
    for (const entry of this.outbox.all())
      for (const [kind, delivery] of Object.entries(entry.deliveries))
        if (delivery.state === 'pending' && delivery.nextAttemptAt <= now)
          due.push([entry, kind as DestinationKind])
    const concurrency = this.options.concurrency ?? 4
    const workers = Array.from({ length: Math.min(concurrency, due.length) }, async () => {
      for (let item = due.shift(); item && !this.stopped; item = due.shift())
        await this.attempt(item[0], item[1])
    })
    await Promise.all(workers)
  }

  private async attempt(entry: OutboxEntry, kind: DestinationKind): Promise<void> {
    const { config, metrics, log } = this.options
    const key = `${entry.alert.alertId}\n${kind}`
    const delivery = entry.deliveries[kind]
    if (!delivery || this.inFlight.has(key)) return
    this.inFlight.add(key)
    try {
      const destination = destinationOf(config, entry.alert.team)
      try {
        if (!destination) throw new DeliveryError('the team has no destination any more', true)
        await this.options.send(kind, destination, entry.alert)
      } catch (error) {
        delivery.attempts += 1
        delivery.lastError = error instanceof Error ? error.message : String(error)
        const permanent = error instanceof DeliveryError && error.permanent
        if (permanent || delivery.attempts >= config.maxAttempts) {
          delivery.state = 'dead'
          metrics?.dead.inc({ kind })
          log?.(
            `alerts: ${kind} delivery of ${entry.alert.alertId} is dead after ${delivery.attempts} attempt(s): ${delivery.lastError}`,
          )
        } else {
          delivery.nextAttemptAt =
            this.now() +
            fullJitter(
              delivery.attempts - 1,
              { baseMs: config.backoffBaseMs, capMs: config.backoffCapMs },
              this.options.random,
            )
          metrics?.retried.inc({ kind })
        }
        await this.outbox.save(entry)
        return
      }
      delivery.attempts += 1
      delivery.state = 'delivered'
      delivery.deliveredAt = this.now()
      delivery.lastError = undefined
      metrics?.sent.inc({ kind })
      metrics?.deliverySeconds.observe({ kind }, (delivery.deliveredAt - entry.queuedAt) / 1000)
      const eventMs = Date.parse(entry.alert.eventTs)
      if (Number.isFinite(eventMs))
        metrics?.eventToDeliverySeconds.observe(
          { kind },
          Math.max(0, delivery.deliveredAt - eventMs) / 1000,
        )
      await this.outbox.save(entry)
    } finally {
      this.inFlight.delete(key)
    }
  }

  /** Stops sending and waits for the attempts under way (their outcome is saved). */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.sending
    await this.collecting?.catch(() => undefined)
  }
}
