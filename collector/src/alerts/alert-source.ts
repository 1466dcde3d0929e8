import { ClickHouseCode, queryRows, toClickHouseError, type Warehouse } from '@leadhouse/warehouse'
import type { Activity, Alert } from './alert.js'

/**
 * Reads what the models decided: the `alerts` mart's rows (issue #24's contract), each lead's
 * last ten activities from `activity_log`, and owners' addresses from the `sales_team` seed.
 * A table that does not exist yet (no build so far, or models without routing) reads as empty.
 */
export interface AlertSource {
  /** Alerts triggered at or after `sinceMs`, oldest first, without their activities. */
  alerts(sinceMs: number): Promise<Omit<Alert, 'activities'>[]>
  activities(email: string): Promise<Activity[]>
  ownerAddress(owner: string): Promise<string | undefined>
}

interface AlertRow {
  alert_id: string
  email: string
  trigger: string
  triggered_ms: string
  event_ms: string
  score: number
  temperature: string
  traffic_light: string
  reasons_text: string
  owner: string
  team: string
  rule_id: string
  name: string
  company: string
}

const iso = (ms: string | number) => new Date(Number(ms)).toISOString()

async function orEmpty<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read
  } catch (error) {
    if (toClickHouseError(error)?.code === ClickHouseCode.UNKNOWN_TABLE) return []
    throw error
  }
}

export function warehouseAlertSource(warehouse: Warehouse): AlertSource {
  const database = warehouse.database
  return {
    async alerts(sinceMs) {
      const rows = await orEmpty(
        queryRows<AlertRow>(
          warehouse,
          `SELECT alert_id, email, trigger,
             toUnixTimestamp64Milli(toDateTime64(triggered_at, 3, 'UTC')) AS triggered_ms,
             toUnixTimestamp64Milli(toDateTime64(event_ts, 3, 'UTC')) AS event_ms,
             toFloat64(score) AS score, toString(temperature) AS temperature,
             toString(traffic_light) AS traffic_light, toString(reasons_text) AS reasons_text,
             toString(owner) AS owner, toString(team) AS team, toString(rule_id) AS rule_id,
             ifNull(toString(name), '') AS name, ifNull(toString(company), '') AS company
           FROM {database:Identifier}.alerts
           WHERE triggered_at >= fromUnixTimestamp64Milli({since:Int64})
           ORDER BY triggered_at, alert_id`,
          { database, since: sinceMs },
        ),
      )
      return rows.map((row) => ({
        alertId: row.alert_id,
        email: row.email,
        name: row.name,
        company: row.company,
        trigger: row.trigger,
        triggeredAt: iso(row.triggered_ms),
        eventTs: iso(row.event_ms),
        score: Number(row.score),
        temperature: row.temperature,
        trafficLight: row.traffic_light,
        reasons: row.reasons_text,
        owner: row.owner,
        team: row.team,
        rule: row.rule_id,
      }))
    },
    async activities(email) {
      const rows = await orEmpty(
        queryRows<Omit<Activity, 'ts'> & { ms: string }>(
          warehouse,
          `SELECT toUnixTimestamp64Milli(toDateTime64(ts, 3, 'UTC')) AS ms,
             toString(source) AS source, toString(type) AS type,
             ifNull(toString(name), '') AS name, ifNull(toString(path), '') AS path,
             ifNull(toString(channel), '') AS channel
           FROM {database:Identifier}.activity_log
           WHERE email = {email:String}
           ORDER BY ts DESC
           LIMIT 10`,
          { database, email },
        ),
      )
      return rows.map(({ ms, ...activity }) => ({ ts: iso(ms), ...activity }))
    },
    async ownerAddress(owner) {
      const rows = await orEmpty(
        queryRows<{ email: string }>(
          warehouse,
          `SELECT toString(email) AS email FROM {database:Identifier}.sales_team
           WHERE person = {owner:String} LIMIT 1`,
          { database, owner },
        ),
      ).catch(() => [])
      return rows[0]?.email || undefined
    },
  }
}
