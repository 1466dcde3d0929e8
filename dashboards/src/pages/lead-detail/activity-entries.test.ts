import { describe, expect, it } from 'vitest'
import { entryTitle, newestFirst } from './activity-entries.js'
import { activity } from './test-fixtures.js'

describe('newestFirst', () => {
  it('interleaves web, email and sales entries by time, newest first', () => {
    const web = activity({ ts: '2026-03-01T10:00:00.000Z', source: 'web' })
    const sales = activity({ ts: '2026-03-01T11:00:00+00:00', source: 'sales', type: 'call' })
    const email = activity({ ts: '2026-03-01T10:30:00.000Z', source: 'email', type: 'event' })
    const later = activity({ ts: '2026-03-02T08:00:00.000Z', source: 'web' })
    expect(newestFirst([web, sales, email, later])).toEqual([later, sales, email, web])
  })

  it('keeps the read API’s order for entries of the same moment', () => {
    const first = activity({ type: 'pageview' })
    const second = activity({ type: 'identify' })
    expect(newestFirst([first, second])).toEqual([first, second])
  })
})

describe('entryTitle', () => {
  it('names each kind of entry', () => {
    expect(entryTitle(activity({ type: 'pageview' })).key).toBe('type.pageview')
    expect(entryTitle(activity({ type: 'identify' })).key).toBe('type.identify')
    expect(entryTitle(activity({ type: 'event', name: 'email_open' })).key).toBe('type.email_open')
    expect(entryTitle(activity({ type: 'event', name: 'ebook_download' })).key).toBe(
      'event.download',
    )
    expect(entryTitle(activity({ type: 'event', name: 'signup_started' }))).toEqual({
      key: 'type.event',
      vars: { name: 'signup_started' },
    })
    expect(entryTitle(activity({ type: 'event', name: 'toString' })).key).toBe('type.event')
    expect(entryTitle(activity({ type: 'stage_change', stage: 'sql' }))).toEqual({
      key: 'type.stage_change',
      stage: 'sql',
    })
    expect(entryTitle(activity({ type: 'sql_decision', decision: 'rejected' })).key).toBe(
      'type.sql_decision.rejected',
    )
    expect(entryTitle(activity({ type: 'deal', outcome: 'lost' })).key).toBe('type.deal.lost')
    expect(entryTitle(activity({ type: 'meeting' })).key).toBe('type.meeting')
    expect(entryTitle(activity({ type: 'webinar' }))).toEqual({
      key: 'type.event',
      vars: { name: 'webinar' },
    })
  })
})
