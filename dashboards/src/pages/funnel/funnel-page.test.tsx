import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { FunnelResponse, FunnelStage, Stage } from '../../api/types.js'
import { getQuery } from '../../app/router.js'
import { messageProblems } from '../../app/testing/messages.js'
import { fakeApi, renderInto, settle } from '../../app/testing/render.js'
import { FunnelPage } from './funnel-page.js'
import { funnelMessages } from './messages.js'

const stage = (name: Stage, count: number, rate: number | null, days: number | null) =>
  ({ stage: name, count, rateFromPrevious: rate, medianDaysFromPrevious: days }) as FunnelStage

const funnel: FunnelResponse = {
  stages: [
    stage('subscriber', 200, null, null),
    stage('lead', 100, 0.5, 2),
    stage('mql', 40, 0.4, 3.5),
    stage('sql', 10, 0.25, 1),
    stage('opportunity', 5, 0.5, 7),
    stage('customer', 2, 0.4, 12.25),
  ],
  byChannel: [
    {
      channel: 'email',
      stages: [stage('lead', 10, null, null), stage('customer', 1, 0.1, 3)],
    },
    {
      channel: '<i>paid</i>',
      stages: [stage('lead', 30, null, null), stage('mql', 12, 0.4, 2)],
    },
  ],
}

describe('FunnelPage', () => {
  let api: ReturnType<typeof fakeApi> | undefined
  afterEach(() => api?.restore())

  const open = async (locale: 'en' | 'de' = 'en', query = '') => {
    api = fakeApi({ funnel })
    const container = await renderInto(<FunnelPage />, {
      locale,
      url: `/dashboard/funnel?from=2026-11-01&to=2026-11-30${query}`,
    })
    await settle()
    return container
  }
  const rowsOf = (table: Element | null | undefined) =>
    [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.children].map((td) => td.textContent),
    )

  it('has every message in both languages', () => {
    expect(messageProblems(funnelMessages)).toEqual([])
  })

  it('charts the six stages as bars with their counts and conversions', async () => {
    const container = await open()
    const svg = container.querySelector('.funnel-chart svg')
    expect(svg?.getAttribute('aria-label')).toContain('Funnel chart')
    expect(svg?.querySelectorAll('rect')).toHaveLength(6)
    expect([...(svg?.querySelectorAll('text') ?? [])].map((text) => text.textContent)).toEqual(
      expect.arrayContaining(['200', '100 · 50%', '2 · 40%']),
    )
  })

  it('tables the stages with conversion and median days between them', async () => {
    const container = await open()
    expect(rowsOf(container.querySelectorAll('table')[0])).toEqual([
      ['Subscribers', '200', '–', '100%', '–'],
      ['Leads', '100', '50%', '50%', '2 days'],
      ['MQLs', '40', '40%', '20%', '3.5 days'],
      ['SQLs', '10', '25%', '5%', '1 day'],
      ['Opportunities', '5', '50%', '2.5%', '7 days'],
      ['Customers', '2', '40%', '1%', '12.3 days'],
    ])
  })

  it('splits by first-touch channel, sorted by leads, a missing stage counted 0', async () => {
    const container = await open()
    const split = container.querySelectorAll('table')[1]
    expect(rowsOf(split)).toEqual([
      ['<i>paid</i>', '0', '30', '12', '0', '0', '0', '0%'],
      ['email', '0', '10', '0', '0', '0', '1', '10%'],
    ])
    expect(container.querySelector('.heatmap svg')).not.toBeNull()
  })

  it('sorts the split by a column through the URL', async () => {
    const container = await open()
    const split = container.querySelectorAll('table')[1]
    const channel = split?.querySelector('th button') as HTMLButtonElement
    await act(() => channel.click())
    expect(getQuery()).toMatchObject({ sort: 'channel', order: 'asc' })
    expect(rowsOf(container.querySelectorAll('table')[1]).map((row) => row[0])).toEqual([
      '<i>paid</i>',
      'email',
    ])
    const customers = [
      ...(container.querySelectorAll('table')[1]?.querySelectorAll('th button') ?? []),
    ].find((button) => button.textContent?.startsWith('Customers')) as HTMLButtonElement
    await act(() => customers.click())
    expect(getQuery()).toMatchObject({ sort: 'customer', order: 'desc' })
    expect(rowsOf(container.querySelectorAll('table')[1]).map((row) => row[0])).toEqual([
      'email',
      '<i>paid</i>',
    ])
  })

  it('is all German in German', async () => {
    const container = await open('de')
    expect(container.querySelector('h1')?.textContent).toBe('Trichter')
    expect(rowsOf(container.querySelectorAll('table')[0])[2]).toEqual([
      'MQLs',
      '40',
      '40\u00a0%',
      '20\u00a0%',
      '3,5 Tage',
    ])
    expect(container.textContent).not.toMatch(/Subscribers|Opportunities|days/)
  })
})
