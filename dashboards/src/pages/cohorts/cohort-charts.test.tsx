import { describe, expect, it } from 'vitest'
import { pageRenderer } from '../../app/testing/render.js'
import { FunnelProgressChart, monthAxis, ScoreProfileChart } from './cohort-charts.js'
import { cohortsData } from './test-data.js'

const renderIn = pageRenderer('/dashboard/cohorts')

describe('ScoreProfileChart', () => {
  it('draws the score distribution with its legend, labelled for screen readers', async () => {
    const root = await renderIn('en', <ScoreProfileChart data={cohortsData} profile="scores" />)
    expect(root.querySelector('[aria-label^="Lead score per monthly cohort"]')).not.toBeNull()
    expect(root.querySelectorAll('svg rect').length).toBeGreaterThan(0)
    expect(root.querySelectorAll('svg circle').length).toBeGreaterThan(0)
    expect(root.querySelector('figcaption')?.textContent).toContain('median')
  })

  it('draws the temperatures stacked, named in German', async () => {
    const root = await renderIn(
      'de',
      <ScoreProfileChart data={cohortsData} profile="temperatures" />,
    )
    expect(root.querySelector('[aria-label^="Neue Leads je Monatskohorte"]')).not.toBeNull()
    expect(root.querySelectorAll('svg rect').length).toBeGreaterThan(0)
    expect(root.textContent).toContain('Heiß')
  })
})

describe('FunnelProgressChart', () => {
  it('draws one line per stage', async () => {
    const root = await renderIn('en', <FunnelProgressChart data={cohortsData} />)
    expect(root.querySelector('[aria-label^="Share of each monthly cohort"]')).not.toBeNull()
    expect(root.querySelectorAll('svg path').length).toBeGreaterThan(0)
    expect(root.textContent).toContain('Opportunity')
  })
})

describe('monthAxis', () => {
  it('puts the year under the month, so six months fit a phone', () => {
    const { x } = monthAxis(['Sept. 2026', 'Okt. 2026'])
    const format = x.tickFormat as (month: string) => string
    expect(format('Sept. 2026')).toBe('Sept.\n2026')
    expect(x.tickRotate).toBe(0)
  })

  it('slants the labels of more than eight months', () => {
    const months = Array.from({ length: 12 }, (_, index) => `M${index} 2026`)
    const axis = monthAxis(months)
    expect(axis.x.tickRotate).toBe(-40)
    expect(axis.marginBottom).toBeGreaterThan(40)
  })
})
