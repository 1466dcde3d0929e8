import type { RejectedEventRow } from '@leadhouse/warehouse/raw'
import { parse as parseCsv } from 'csv-parse/sync'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { type ApiError, spooled } from '../errors.js'
import { bodyRefusal, bodySource, readBody } from '../http/read-body.js'
import {
  type CostRow,
  type CrmRecord,
  costRowSchema,
  crmRecordSchema,
  toCostRow,
  toCrmRow,
} from '../lib/import-schemas.js'
import { FORBIDDEN_KEY, parseJsonBody } from '../lib/json-body.js'
import { firstProblem, type Problem } from '../lib/problems.js'
import type { Metrics } from '../metrics.js'
import { KEPT_PAYLOAD_CHARS, type RefusalStatus, type Refusals, refusalsOf } from '../refusals.js'
import type { EventStore } from '../storage/event-store.js'

/** Largest upload, JSON or CSV. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024
/** Records in one request. */
export const MAX_IMPORT_RECORDS = 10_000

/** Milliseconds an import validates records before it lets other requests have a turn. */
const YIELD_AFTER_MS = 10

interface ImportKind<T> {
  /** `/api/v1/crm`: JSON at the path, CSV at `${path}/csv`. */
  path: string
  /** The JSON body's list: `{ "records": [...] }`. */
  listKey: string
  table: 'crm_events' | 'campaign_costs'
  /** The code a refused record is answered with. */
  invalid: string
  schema: z.ZodType<T, unknown>
  toRow: (value: T, receivedAt: number) => object
}

const crm: ImportKind<CrmRecord> = {
  path: '/api/v1/crm',
  listKey: 'records',
  table: 'crm_events',
  invalid: 'invalid_record',
  schema: crmRecordSchema,
  toRow: toCrmRow,
}
const costs: ImportKind<CostRow> = {
  path: '/api/v1/costs',
  listKey: 'costs',
  table: 'campaign_costs',
  invalid: 'invalid_cost',
  schema: costRowSchema,
  toRow: toCostRow,
}

export interface ImportRoutesOptions {
  store: EventStore
  metrics: Metrics
  authorize: MiddlewareHandler
}

/** A refused item: its position (JSON index, or CSV line) and the problem. */
type ItemProblem = Problem & ({ index: number } | { line: number })

/**
 * The sales log from a CRM (`POST /api/v1/crm`) and campaign spend (`POST /api/v1/costs`), as
 * JSON or as a CSV upload (`.../csv`, a header line then one record a line). Valid records are
 * kept (durably, through the spool) and each refused one is named with its position and field
 * and kept in `rejected_events`: `202` when any was kept, `400` when none was.
 */
export function importRoutes({ store, metrics, authorize }: ImportRoutesOptions): Hono {
  const app = new Hono()
  for (const kind of [crm, costs] as ImportKind<unknown>[]) {
    // An upload can be 10 MB: its refusals keep enough of it to see what was wrong.
    const refusals = refusalsOf(
      { endpoint: kind.path, payloadChars: KEPT_PAYLOAD_CHARS },
      {
        store,
        metrics,
      },
    )
    app.post(kind.path, authorize, async (c) => {
      const text = await readUpload(c, refusals)
      // Not JSON, nested too deep, or a __proto__ key: kept as the text that came.
      const json = parseJsonBody(text)
      if (!json.ok) throw await refuseUpload(refusals, { ...json.problem, payload: text })
      const list = (json.value as Record<string, unknown> | null)?.[kind.listKey]
      if (!Array.isArray(list)) {
        throw await refuseUpload(refusals, {
          code: 'invalid_body',
          message: `${kind.listKey}: must be a list of records`,
          payload: text,
          field: kind.listKey,
        })
      }
      return keep(
        c,
        store,
        refusals,
        kind,
        text,
        list.map((item, index) => ({ item, where: { index }, prefix: [kind.listKey, index] })),
      )
    })
    app.post(`${kind.path}/csv`, authorize, async (c) => {
      const text = await readUpload(c, refusals)
      let records: { record: Record<string, string>; info: { lines: number } }[]
      try {
        records = parseCsv(text, {
          columns: csvColumns,
          skip_empty_lines: true,
          trim: true,
          info: true,
          bom: true,
        })
      } catch (error) {
        throw await refuseUpload(refusals, {
          code: 'invalid_csv',
          message: `not readable as CSV: ${(error as Error).message}`,
          payload: text,
        })
      }
      return keep(
        c,
        store,
        refusals,
        kind,
        text,
        records.map(({ record, info }) => ({
          item: fromCsv(record),
          where: { line: info.lines },
          prefix: [],
        })),
      )
    })
  }
  return app
}

/**
 * The header line's columns. A `__proto__` column, or `attributes.__proto__`, is refused: set on
 * a record, it would replace the record's prototype, and the cell would vanish unreported.
 */
function csvColumns(header: string[]): string[] {
  const forbidden = header.find((column) => column.replace(/^attributes\./, '') === FORBIDDEN_KEY)
  if (forbidden !== undefined)
    throw new Error(
      `column ${JSON.stringify(forbidden)}: the name "${FORBIDDEN_KEY}" is not allowed`,
    )
  return header
}

/** A CSV record as an object: empty cells left out, `attributes.x` columns gathered. */
function fromCsv(record: Record<string, string>): Record<string, unknown> {
  const item: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(record)) {
    if (value === '') continue
    if (column.startsWith('attributes.')) {
      item.attributes = {
        ...(item.attributes as object),
        [column.slice('attributes.'.length)]: value,
      }
    } else {
      item[column] = value
    }
  }
  return item
}

async function readUpload(c: Context, refusals: Refusals): Promise<string> {
  const body = await readBody(bodySource(c), MAX_IMPORT_BYTES)
  if (body.ok) return body.text
  throw await refuseUpload(refusals, {
    ...bodyRefusal(body, MAX_IMPORT_BYTES),
    // What arrived of it: a body over the limit is not read whole.
    payload: body.prefix,
    payloadBytes: body.bytes,
  })
}

async function keep(
  c: Context,
  store: EventStore,
  refusals: Refusals,
  kind: ImportKind<unknown>,
  text: string,
  items: {
    item: unknown
    where: { index: number } | { line: number }
    prefix: (string | number)[]
  }[],
) {
  if (items.length > MAX_IMPORT_RECORDS) {
    throw await refuseUpload(refusals, {
      status: 413,
      code: 'too_many_records',
      message: `${items.length} records; the limit is ${MAX_IMPORT_RECORDS} a request`,
      payload: text,
    })
  }
  const receivedAt = Date.now()
  const rows: object[] = []
  const refused: ItemProblem[] = []
  const rejected: RejectedEventRow[] = []
  let turn = performance.now()
  for (const { item, where, prefix } of items) {
    // Validating 10,000 records, each refused for a hundred fields, takes seconds: the event loop
    // is let go every few milliseconds, so that events keep being taken meanwhile.
    if (performance.now() - turn > YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve))
      turn = performance.now()
    }
    const parsed = kind.schema.safeParse(item)
    if (parsed.success) {
      rows.push(kind.toRow(parsed.data, receivedAt))
      continue
    }
    const problem = firstProblem(
      parsed.error,
      `invalid_${kind.table === 'crm_events' ? 'record' : 'cost'}`,
      prefix,
    )
    const located =
      'line' in where ? { ...problem, message: `line ${where.line}: ${problem.message}` } : problem
    refused.push({ ...located, ...where })
    rejected.push(refusals.row(located, { payload: JSON.stringify(item) ?? '', receivedAt }))
  }
  await refusals.refuseItems(rejected, rows.length)
  await spooled(store.insertRows(kind.table, rows))
  return c.json({ accepted: rows.length, rejected: refused }, 202)
}

/** Keeps a refused upload in `rejected_events`, counts it, and gives the error to answer. */
function refuseUpload(
  refusals: Refusals,
  refusal: {
    status?: RefusalStatus
    code: string
    message: string
    payload: string
    payloadBytes?: number
    field?: string
  },
): Promise<ApiError> {
  const { status = 400, code, message, payload, payloadBytes, field = '' } = refusal
  return refusals.refuse(
    status,
    { code, message, field },
    {
      payload,
      payloadBytes,
      receivedAt: Date.now(),
    },
  )
}
