import { qualifiedName, type Warehouse } from '@leadhouse/warehouse'
import type { EventRow } from '../lib/normalize.js'

/** A row of `rejected_events`: input that failed validation, kept for inspection. */
export interface RejectedRow {
  received_at: string
  endpoint: string
  site_id: string
  code: string
  field: string
  reason: string
  payload: string
  payload_bytes: number
}

/** Writes the collector's raw tables. */
export interface EventStore {
  insertEvents(rows: EventRow[]): Promise<void>
  insertRejected(rows: RejectedRow[]): Promise<void>
}

export function createEventStore(warehouse: Warehouse): EventStore {
  const events = qualifiedName(warehouse.database, 'events')
  const rejected = qualifiedName(warehouse.database, 'rejected_events')
  return {
    async insertEvents(rows) {
      if (rows.length > 0)
        await warehouse.client.insert({ table: events, values: rows, format: 'JSONEachRow' })
    },
    async insertRejected(rows) {
      if (rows.length > 0)
        await warehouse.client.insert({ table: rejected, values: rows, format: 'JSONEachRow' })
    },
  }
}
