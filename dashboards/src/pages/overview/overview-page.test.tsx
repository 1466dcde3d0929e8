import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { OverviewKpis, OverviewResponse, TimeseriesResponse } from '../../api/types.js'
import { getQuery } from '../../app/router.js'
import { messageProblems } from '../../app/testing/messages.js'
import { fakeApi, renderInto, sampleMeta, settle } from '../../app/testing/render.js'
import { relativeChange } from './kpis.js'
import { overviewMessages } from './messages.js'
import { OverviewPage } from './overview-page.js'

const kpis = (scale: number): OverviewKpis => ({
  visitors: 1000 * scale,
  newLeads: 100 * scale,
  visitorToLeadRate: 0.1,
  mqls: 40 * scale,
  sqls: 10 * scale,
  customers: 4 * scale,
  leadToCustomerRate: 0.04,
  spend: 5000,
  cpl: 50 / scale,
  costPerMql: 125 / scale,
  cpa: 1250 / scale,
  revenue: 20000 * scale,
  roi: scale - 1,
})

const overview: OverviewResponse = {
  currency: 'EUR',
  model: 'linear',
  period: { from: '2026-11-01', to: '2026-11-30' },
  previousPeriod: { from: '2026-10-02', to: '2026-10-31' },
  current: kpis(2),
  previous: kpis(1),
}

const timeseries = (interval: string): TimeseriesResponse => ({
  interval: interval === 'week' ? 'week' : 'day',
  points: [
    { date: '2026-11-02', leads: 5, mqls: 2, customers: 1 },
    { date: '2026-11-09', leads: 7, mqls: 3, customers: 0 },
  ],
})

describe('OverviewPage', () => {
  let api: ReturnType<typeof fakeApi> | undefined
  afterEach(() => api?.restore())

  const open = async (locale: 'en' | 'de' = 'en', answers = {}) => {
    api = fakeApi({
      overview,
      timeseries: (params: URLSearchParams) => timeseries(params.get('interval') ?? ''),
      ...answers,
    })
    const container = await renderInto(<OverviewPage />, {
      locale,
      url: '/dashboard?from=2026-11-01&to=2026-11-30&channel=email',
    })
    await settle()
    return container
  }

  it('has every message in both languages', () => {
    expect(messageProblems(overviewMessages)).toEqual([])
  })

  it('measures change against the previous value, none from 0', () => {
    expect(relativeChange(12, 10)).toBeCloseTo(0.2)
    expect(relativeChange(-0.25, -0.5)).toBeCloseTo(0.5)
    expect(relativeChange(3, 0)).toBeNull()
    expect(relativeChange(0, 0)).toBe(0)
    expect(relativeChange(null, 2)).toBeNull()
  })

  it('asks the API for the filters of the URL', async () => {
    await open()
    expect(api?.requests).toEqual([
      '/api/v1/overview?from=2026-11-01&to=2026-11-30&channel=email',
      '/api/v1/timeseries?from=2026-11-01&to=2026-11-30&channel=email&interval=day',
    ])
  })

  it('shows the thirteen KPIs with their change, costs good when they fall', async () => {
    const container = await open()
    const tiles = [...container.querySelectorAll('.kpi')]
    expect(tiles.map((tile) => tile.querySelector('.kpi-label')?.textContent)).toEqual([
      'Visitors',
      'New leads',
      'Visitor-to-lead rate',
      'MQLs',
      'SQLs',
      'New customers',
      'Lead-to-customer rate',
      'Spend',
      'Cost per lead (CPL)',
      'Cost per MQL',
      'Cost per customer (CPA)',
      'Revenue',
      'ROI',
    ])
    const tile = (label: string) =>
      tiles.find((each) => each.querySelector('.kpi-label')?.textContent === label)
    expect(tile('Visitors')?.querySelector('.kpi-value')?.textContent).toBe('2,000')
    expect(tile('Visitors')?.querySelector('.kpi-change')?.className).toContain('kpi-good')
    expect(tile('Cost per lead (CPL)')?.querySelector('.kpi-value')?.textContent).toBe('€25.00')
    expect(tile('Cost per lead (CPL)')?.querySelector('.kpi-change')?.className).toContain(
      'kpi-good',
    )
    expect(tile('Revenue')?.querySelector('.kpi-value')?.textContent).toBe('€40,000')
    expect(tile('ROI')?.querySelector('.kpi-value')?.textContent).toBe('100%')
    // From 0 % ROI there is no finite change.
    expect(tile('ROI')?.querySelector('.kpi-change')?.textContent).toBe(
      'no previous value to compare',
    )
    expect(container.querySelector('.note')?.textContent).toBe(
      'Changes against Oct 2, 2026 – Oct 31, 2026, the period of the same length before.',
    )
  })

  it('draws the trend as a labelled chart with its numbers in a table', async () => {
    const container = await open()
    const svg = container.querySelector('.trend-chart svg.plot')
    expect(svg?.getAttribute('aria-label')).toBe(
      'Line chart: leads, MQLs and customers per day, Nov 1, 2026 to Nov 30, 2026',
    )
    expect(svg?.querySelectorAll('path').length).toBeGreaterThan(0)
    // Whole counts on the axis, each once (no "1, 1, 2, 2" from ticks between units).
    const ticks = [...(svg?.querySelectorAll('[aria-label="y-axis tick label"] text') ?? [])].map(
      (text) => text.textContent,
    )
    expect(ticks.length).toBeGreaterThan(1)
    expect(new Set(ticks).size).toBe(ticks.length)
    const cells = [...container.querySelectorAll('details tbody tr')].map((tr) =>
      [...tr.children].map((td) => td.textContent),
    )
    expect(cells).toEqual([
      ['Nov 2, 2026', '5', '2', '1'],
      ['Nov 9, 2026', '7', '3', '0'],
    ])
  })

  it('switches to weeks through the URL', async () => {
    const container = await open()
    const week = [...container.querySelectorAll('.segmented button')][1] as HTMLButtonElement
    await act(() => week.click())
    await settle()
    expect(getQuery().interval).toBe('week')
    expect(api?.requests.at(-1)).toContain('interval=week')
    expect(week.getAttribute('aria-pressed')).toBe('true')
  })

  it('is all German in German', async () => {
    const container = await open('de')
    expect(container.querySelector('h1')?.textContent).toBe('Übersicht')
    expect(container.querySelector('.kpi-value')?.textContent).toBe('2.000')
    expect(container.textContent).not.toContain('Visitors')
    expect(container.textContent).toContain('Kosten pro Lead (CPL)')
  })

  it('says what to do before the first model build', async () => {
    api = fakeApi({ overview, timeseries: timeseries('day') })
    const container = await renderInto(<OverviewPage />, {
      meta: { ...sampleMeta, builtAt: null, dataRange: null },
    })
    await settle()
    expect(container.querySelector('.state-empty')?.textContent).toContain('pnpm models build')
    expect(container.querySelector('.kpi')).toBeNull()
  })

  it('says the period is empty when it is', async () => {
    const nothing = { ...kpis(0), spend: 0 }
    const empty = { ...overview, current: nothing, previous: nothing }
    const container = await open('en', { overview: empty })
    expect(container.textContent).toContain('No visitors, leads or spend in this period')
  })
})
