/** One alert as the `alerts` mart decides it (issue #24's contract), with what the deliverer adds. */
export interface Alert {
  alertId: string
  email: string
  name: string
  company: string
  trigger: string
  /** ISO 8601, UTC. */
  triggeredAt: string
  /** The triggering event's time, ISO 8601 UTC: the start of the latency. */
  eventTs: string
  score: number
  temperature: string
  trafficLight: string
  reasons: string
  owner: string
  team: string
  rule: string
  /** The lead's last ten activities, newest first, read from `activity_log` when the alert is queued. */
  activities: Activity[]
}

export interface Activity {
  ts: string
  source: string
  type: string
  name: string
  path: string
  channel: string
}
