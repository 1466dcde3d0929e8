/**
 * Raw rows as the collector writes them, for model tests with hand-made data: typed by the raw
 * tables' row types, so a row here cannot name a column the tables lack. Like the collector's,
 * they carry no `inserted_at`: the warehouse stamps it when it stores them.
 */
import { randomUUID } from 'node:crypto'
import type {
  CrmEventRow,
  EventRow,
  PartialCrmEventRow,
  PartialEventRow,
} from '@leadhouse/warehouse/raw'

const BROWSER = { browser: 'Chrome', os: 'Mac OS', device: 'desktop' }

/** An events row as the collector writes it; `at` is UTC without the Z. */
export function event(
  anonymousId: string,
  at: string,
  fields: Partial<EventRow> = {},
): PartialEventRow {
  const ts = `${at}.000`
  return {
    event_id: randomUUID(),
    site_id: 'acme',
    type: 'pageview',
    ts,
    client_ts: ts,
    received_at: ts,
    anonymous_id: anonymousId,
    url: `https://acme.test${fields.path ?? '/'}`,
    path: '/',
    ...BROWSER,
    ...fields,
  }
}

/** An identification from the contact form: the visitor gives `email`. */
export function identify(anonymousId: string, at: string, email: string): PartialEventRow {
  return event(anonymousId, at, { type: 'identify', path: '/contact', email })
}

/** A crm_events row; `at` is UTC without the Z. */
export function crm(
  id: string,
  type: string,
  at: string,
  email: string,
  fields: Partial<CrmEventRow> = {},
): PartialCrmEventRow {
  const ts = `${at}.000`
  return { record_id: id, type, occurred_at: ts, received_at: ts, email, ...fields }
}
