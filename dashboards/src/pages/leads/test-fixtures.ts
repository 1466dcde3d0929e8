/** Hand-made lead rows for the lead pages' tests. */
import type { LeadListRow, LeadsResponse } from '../../api/types.js'

export function leadRow(patch: Partial<LeadListRow> = {}): LeadListRow {
  return {
    email: 'anna@acme.test',
    name: 'Anna Berg',
    company: 'Acme GmbH',
    score: 1234.5,
    temperature: 'hot',
    trafficLight: 'green',
    stage: 'mql',
    owner: 'Sam Seller',
    firstTouchChannel: 'paid_search',
    lastActivityAt: '2026-03-04T09:30:00.000Z',
    ...patch,
  }
}

export function leadsPage(rows: LeadListRow[], patch: Partial<LeadsResponse> = {}): LeadsResponse {
  return { total: rows.length, page: 1, pageSize: 50, rows, ...patch }
}
