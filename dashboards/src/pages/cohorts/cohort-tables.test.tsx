import { describe, expect, it } from 'vitest'
import { cellTexts, pageRenderer } from '../../app/testing/render.js'
import { ProfileTable, ProgressTable } from './cohort-tables.js'
import { cohortsData } from './test-data.js'

const renderIn = pageRenderer('/dashboard/cohorts')

const bodyRows = (root: HTMLElement) =>
  [...root.querySelectorAll('tbody tr')].map((row) =>
    cellTexts(row).map((text) => text.replace(/\u00a0|\u202f/g, ' ')),
  )

describe('ProfileTable', () => {
  it('shows each cohort’s score distribution and temperatures, formatted in English', async () => {
    const root = await renderIn('en', <ProfileTable data={cohortsData} />)
    expect(root.querySelector('caption')?.textContent).toBe('Lead-score profile per monthly cohort')
    expect(bodyRows(root)[0]).toEqual([
      'Oct 2026',
      '1,200',
      '31.3',
      '12',
      '27.5',
      '44',
      '700',
      '400',
      '100',
      '650',
      '450',
      '100',
    ])
  })

  it('formats in German and prints the scores of a cohort without leads as dashes', async () => {
    const root = await renderIn('de', <ProfileTable data={cohortsData} />)
    const [october, november] = bodyRows(root)
    expect(october?.slice(0, 3)).toEqual(['Okt. 2026', '1.200', '31,3'])
    expect(november?.slice(2, 6)).toEqual(['–', '–', '–', '–'])
    expect(root.querySelector('thead')?.textContent).toContain('Neue Leads')
  })
})

describe('ProgressTable', () => {
  it('shows the share and count of each cohort that reached each stage', async () => {
    const root = await renderIn('en', <ProgressTable data={cohortsData} />)
    expect(cellTexts(root.querySelector('thead tr') as Element)).toEqual([
      'Cohort (month)',
      'New leads',
      'MQL',
      'SQL',
      'Opportunity',
      'Customer',
    ])
    const [october, november] = bodyRows(root)
    expect(october).toEqual(['Oct 2026', '1,200', '25% (300)', '10% (120)', '3.8% (45)', '1% (12)'])
    expect(november?.slice(2)).toEqual(['– (0)', '– (0)', '– (0)', '– (0)'])
  })

  it('names the stages in German', async () => {
    const root = await renderIn('de', <ProgressTable data={cohortsData} />)
    expect(root.querySelector('thead')?.textContent).toContain('Verkaufschance')
    expect(bodyRows(root)[0]?.[2]).toBe('25 % (300)')
  })
})
