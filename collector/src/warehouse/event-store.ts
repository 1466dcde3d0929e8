import { qualifiedName, type Warehouse } from '@leadhouse/warehouse'
import type { EventRow } from '../lib/normalize.js'
import type { InsertRows, Spool } from '../spool/spool.js'

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

/** Where accepted and rejected events go; resolved means durably kept. */
export interface EventStore {
  insertEvents(rows: EventRow[]): Promise<void>
  insertRejected(rows: RejectedRow[]): Promise<void>
  /** Rows of the sales log or of campaign costs. */
  insertRows(table: 'crm_events' | 'campaign_costs', rows: object[]): Promise<void>
}

/** The collector's store: the spool, which reaches the warehouse on its own. */
export function spooledEventStore(spool: Spool): EventStore {
  return {
    insertEvents: async (rows) => {
      if (rows.length > 0) await spool.append(rows.map((row) => ['events', row]))
    },
    insertRejected: async (rows) => {
      if (rows.length > 0) await spool.append(rows.map((row) => ['rejected_events', row]))
    },
    insertRows: async (table, rows) => {
      if (rows.length > 0) await spool.append(rows.map((row) => [table, row]))
    },
  }
}

/**
 * The spool's way into the warehouse: one insert, deduplicated by `token`. The rows are the
 * spool's JSON lines as written, sent without parsing and serialising them again.
 */
export function warehouseInserter(warehouse: Warehouse): InsertRows {
  return async (table, rows, token) => {
    await warehouse.client.command({
      query: `INSERT INTO ${qualifiedName(warehouse.database, table)} FORMAT JSONEachRow\n${rows.join('\n')}`,
      clickhouse_settings: { insert_deduplication_token: token },
    })
  }
}
