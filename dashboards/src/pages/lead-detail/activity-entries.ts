/**
 * The activity log's entries, web, email and sales interleaved: their order (newest first) and
 * what each one says, as a message key with its values, so that the wording stays in messages.ts.
 */
import type { LeadActivity } from '../../api/types.js'
import type { LeadDetailKey } from './messages.js'

/**
 * Newest first, by time; entries of the same moment keep the read API's order. Times are ISO
 * strings in UTC, but are compared as instants so that `…Z` and `…+00:00` sort together.
 */
export function newestFirst(entries: readonly LeadActivity[]): LeadActivity[] {
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.ts) }))
    .sort((a, b) => (b.time || 0) - (a.time || 0) || a.index - b.index)
    .map(({ entry }) => entry)
}

export interface EntryTitle {
  key: LeadDetailKey
  vars?: Record<string, string>
  /** A stage to be named in `vars.stage` by the caller (stage names live in lead-labels). */
  stage?: string
}

const SALES_TYPES = new Set(['call', 'meeting', 'trade_fair', 'offer', 'opportunity'])
const EMAIL_EVENTS = new Set(['email_open', 'email_click'])
/** The custom events the default scoring rules know, by name (the SDK's `event()` calls). */
const KNOWN_EVENTS: Record<string, LeadDetailKey> = {
  download: 'event.download',
  whitepaper_download: 'event.download',
  ebook_download: 'event.download',
  webinar_registered: 'event.webinar_registered',
  webinar_attended: 'event.webinar_attended',
  demo_request: 'event.demo_request',
  trial_signup: 'event.trial_signup',
  unsubscribe: 'event.unsubscribe',
}

/** What an entry was: "Viewed a page", "Opened an email", "Deal won", ... */
export function entryTitle(entry: LeadActivity): EntryTitle {
  switch (entry.type) {
    case 'pageview':
      return { key: 'type.pageview' }
    case 'identify':
      return { key: 'type.identify' }
    case 'event':
      if (entry.name && EMAIL_EVENTS.has(entry.name)) {
        return { key: entry.name === 'email_open' ? 'type.email_open' : 'type.email_click' }
      }
      if (entry.name && Object.hasOwn(KNOWN_EVENTS, entry.name)) {
        return { key: KNOWN_EVENTS[entry.name] as LeadDetailKey }
      }
      return { key: 'type.event', vars: { name: entry.name ?? '–' } }
    case 'stage_change':
      return entry.stage
        ? { key: 'type.stage_change', stage: entry.stage }
        : { key: 'type.stage_change_unknown' }
    case 'sql_decision':
      if (entry.decision === 'accepted') return { key: 'type.sql_decision.accepted' }
      if (entry.decision === 'rejected') return { key: 'type.sql_decision.rejected' }
      return { key: 'type.sql_decision' }
    case 'deal':
      if (entry.outcome === 'won') return { key: 'type.deal.won' }
      if (entry.outcome === 'lost') return { key: 'type.deal.lost' }
      return { key: 'type.deal' }
    default:
      if (SALES_TYPES.has(entry.type)) return { key: `type.${entry.type}` as LeadDetailKey }
      return { key: 'type.event', vars: { name: entry.type } }
  }
}
