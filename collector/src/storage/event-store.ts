import { ClickHouseCode, toClickHouseError, type Warehouse } from '@leadhouse/warehouse'
import {
  EVENT_COLUMNS,
  type PartialEventRow,
  type RejectedEventRow,
} from '@leadhouse/warehouse/raw'
import type { Metrics } from '../metrics.js'
import { countRefused, KEPT_PAYLOAD_CHARS, rejectedRow, WAREHOUSE_REFUSED } from '../refusals.js'
import { rowJson } from '../spool/segments.js'
import { type InsertRows, RowsRefusedError, type SetAside, type Spool } from '../spool/spool.js'

/** Where accepted and rejected events go; resolved means durably kept. */
export interface EventStore {
  insertEvents(rows: PartialEventRow[]): Promise<void>
  insertRejected(rows: RejectedEventRow[]): Promise<void>
  /** Rows of the sales log or of campaign costs. */
  insertRows(table: 'crm_events' | 'campaign_costs', rows: object[]): Promise<void>
}

/**
 * How rows of a raw table travel through the spool when not as JSON objects: events go as JSON
 * arrays in the order of `EVENT_COLUMNS`, inserted as JSONCompactEachRow: fewer bytes to write and
 * fdatasync, and less parsing for ClickHouse, which shares the machine's cores with the collector
 * (measured: docs/performance.md). The spool's tag names the layout, so segments an earlier
 * version wrote still replay: changing the columns means a new tag, never an edit of that order.
 */
const EVENT_LAYOUT = 'events/1'
const COMPACT_LAYOUTS: Record<string, { table: string; columns: readonly string[] }> = {
  [EVENT_LAYOUT]: { table: 'events', columns: EVENT_COLUMNS },
}

/** An event as its layout's array; a missing field is null, which ClickHouse reads as the column default. */
function compactEvent(row: PartialEventRow): unknown[] {
  const values = new Array<unknown>(EVENT_COLUMNS.length)
  for (let index = 0; index < EVENT_COLUMNS.length; index++)
    values[index] = row[EVENT_COLUMNS[index] as keyof PartialEventRow] ?? null
  return values
}

/** The collector's store: the spool, which reaches the warehouse on its own. */
export function spooledEventStore(spool: Spool): EventStore {
  return {
    insertEvents: async (rows) => {
      if (rows.length > 0) await spool.append(rows.map((row) => [EVENT_LAYOUT, compactEvent(row)]))
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
 * spool's JSON lines as written, sent without parsing, serialising or even decoding them; `tag`
 * is a table, or a compact layout of one.
 */
export function warehouseInserter(warehouse: Warehouse): InsertRows {
  return async (tag, lines, token) => {
    const layout = COMPACT_LAYOUTS[tag]
    try {
      await warehouse.insertEncoded({
        table: layout?.table ?? tag,
        columns: layout?.columns,
        format: layout ? 'JSONCompactEachRow' : 'JSONEachRow',
        lines,
        settings: {
          insert_deduplication_token: token,
          // A compact row's null is a field the collector left out: the column default, as an
          // object's missing key is, whatever the server's profile says.
          ...(layout ? { input_format_null_as_default: 1 } : {}),
        },
      })
    } catch (error) {
      const code = toClickHouseError(error)?.code
      throw code !== undefined && ROW_ERROR_CODES.has(code)
        ? new RowsRefusedError((error as Error).message, { cause: error })
        : error
    }
  }
}

/**
 * ClickHouse's codes for a value it cannot read as its column's type: the rows are at fault,
 * and the same rows fail again however often they are sent. Not TYPE_MISMATCH and the like: a
 * table that differs from what the collector expects is no fault of the rows, and is retried.
 */
const ROW_ERROR_CODES: ReadonlySet<number> = new Set([
  ClickHouseCode.CANNOT_PARSE_TEXT,
  ClickHouseCode.CANNOT_PARSE_ESCAPE_SEQUENCE,
  ClickHouseCode.CANNOT_PARSE_QUOTED_STRING,
  ClickHouseCode.CANNOT_PARSE_INPUT_ASSERTION_FAILED,
  ClickHouseCode.CANNOT_PARSE_DATE,
  ClickHouseCode.CANNOT_PARSE_DATETIME,
  ClickHouseCode.ARGUMENT_OUT_OF_BOUND,
  ClickHouseCode.CANNOT_CONVERT_TYPE,
  ClickHouseCode.CANNOT_PARSE_NUMBER,
  ClickHouseCode.INCORRECT_DATA,
  ClickHouseCode.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE,
  ClickHouseCode.CANNOT_PARSE_UUID,
  ClickHouseCode.DECIMAL_OVERFLOW,
  ClickHouseCode.CANNOT_PARSE_BOOL,
])

/**
 * Keeps the lines the warehouse refused in `rejected_events`, as refused input is kept: their
 * text, the table they were for and the warehouse's reason, which can quote a whole row. With
 * `metrics`, they are counted as any refusal is.
 */
export function refusedLineKeeper(warehouse: Warehouse, metrics?: Metrics): SetAside {
  return async (tag, refused, token) => {
    const receivedAt = Date.now()
    const source = {
      endpoint: `warehouse:${COMPACT_LAYOUTS[tag]?.table ?? tag}`,
      payloadChars: KEPT_PAYLOAD_CHARS,
      reasonChars: 2000,
    }
    const rows = refused.map(({ line, reason }) =>
      rejectedRow(
        source,
        { code: WAREHOUSE_REFUSED, field: '', message: reason },
        { payload: line.toString('utf8'), payloadBytes: line.byteLength, receivedAt },
      ),
    )
    await warehouse.insertEncoded({
      table: 'rejected_events',
      format: 'JSONEachRow',
      lines: Buffer.from(rows.map((row) => `${rowJson(row)}\n`).join('')),
      settings: { insert_deduplication_token: token },
    })
    if (metrics) countRefused(metrics, rows)
  }
}
