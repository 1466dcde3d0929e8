import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/** The alert deliveries' metrics, one series per destination kind. */
export interface AlertMetrics {
  sent: Counter<'kind'>
  retried: Counter<'kind'>
  dead: Counter<'kind'>
  /** Dead deliveries put back to pending by `POST /api/v1/alerts/resend`. */
  resent: Counter<'kind'>
  /** From the outbox taking the alert to the destination accepting it. */
  deliverySeconds: Histogram<'kind'>
  /** From the event that triggered the alert to the destination accepting it (issue #24's latency). */
  eventToDeliverySeconds: Histogram<'kind'>
}

/** Registers the metrics; `pending()` is read at each scrape for the gauge. */
export function registerAlertMetrics(registry: Registry, pending: () => number): AlertMetrics {
  const buckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600]
  new Gauge({
    name: 'leadhouse_alerts_pending',
    help: 'Alert deliveries in the outbox not yet delivered nor dead',
    registers: [registry],
    collect() {
      this.set(pending())
    },
  })
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['kind'], registers: [registry] })
  return {
    sent: counter('leadhouse_alerts_sent_total', 'Alert deliveries a destination accepted'),
    retried: counter(
      'leadhouse_alerts_retried_total',
      'Failed alert delivery attempts that will be tried again',
    ),
    dead: counter(
      'leadhouse_alerts_dead_total',
      'Alert deliveries given up (dead letters): attempts used up, or nothing to send to',
    ),
    resent: counter(
      'leadhouse_alerts_resent_total',
      'Dead alert deliveries put back to pending by a resend, attempts reset',
    ),
    deliverySeconds: new Histogram({
      name: 'leadhouse_alert_delivery_seconds',
      help: 'Seconds from an alert entering the outbox to a destination accepting it',
      labelNames: ['kind'],
      buckets,
      registers: [registry],
    }),
    eventToDeliverySeconds: new Histogram({
      name: 'leadhouse_alert_event_to_delivery_seconds',
      help: "Seconds from the alert's triggering event to a destination accepting it",
      labelNames: ['kind'],
      buckets,
      registers: [registry],
    }),
  }
}
