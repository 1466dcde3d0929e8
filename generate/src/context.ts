/**
 * What every part of one generation run shares: the seeded sequence, the window and its
 * calendar (`World`), the counts for the summary, and where rows go.
 */
import type { PartialCrmEventRow, PartialEventRow } from '@leadhouse/warehouse/raw'
import type { Intent } from './catalog.js'
import type { Random } from './random.js'
import type { World } from './world.js'

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** Shares of the journeys. */
export const SHARES = {
  /** Of all visitors: crawlers and headless browsers. */
  bots: 0.03,
  /** Of all people: contacts only the CRM knows (trade-fair badge scans), never on the site. */
  crmOnly: 0.012,
  /** Of web leads: a second device that identifies with the same email. */
  secondDevice: 0.15,
  /** Of browser events: delivered twice (the SDK's retry after a lost response). */
  duplicates: 0.006,
  /** Of page views: an engagement report when the page is left. */
  engagement: 0.7,
  /** Of web leads, by intent: synced to the CRM. */
  crm: { low: 0.35, medium: 0.6, high: 0.85 } as Record<Intent, number>,
  /** Of leads in the CRM, by intent: marked MQL by marketing. */
  mql: { low: 0.06, medium: 0.3, high: 0.6 } as Record<Intent, number>,
  /** Of leads subscribed to the newsletter (beyond those who signed up for it). */
  newsletterOptIn: 0.5,
} as const

/**
 * Where rows go, one at a time, typed by the raw tables' row types: the columns a row leaves
 * out take their defaults, as when the collector leaves them out.
 */
export interface Output {
  event(row: PartialEventRow): void
  crm(row: PartialCrmEventRow): void
}

export interface JourneyCounts {
  /** Rows of `events`, retried deliveries and bot traffic included. */
  events: number
  duplicates: number
  botEvents: number
  /** Opens, clicks and unsubscribes recorded by the email links (no browser). */
  emailEvents: number
  /** Browsers (anonymous ids), bots included. */
  visitors: number
  bots: number
  sessions: number
  /** Distinct emails in the data: web leads and CRM-only contacts. */
  leads: number
  /** Leads who identified on the site. */
  webLeads: number
  /** Web leads who identified on two devices. */
  multiDeviceLeads: number
  crmOnlyLeads: number
  /** Rows of `crm_events`, contact updates included. */
  crmRecords: number
  deals: { won: number; lost: number }
}

/** One run's shared state. Everything random comes from `random`, in a fixed order. */
export interface Context {
  readonly random: Random
  readonly world: World
  readonly counts: JourneyCounts
  readonly out: Output
}
