import { describe, expect, it } from 'vitest'
import { cellTexts, pageRenderer } from '../../app/testing/render.js'
import { AttributionCompare } from './attribution-compare.js'
import { compareData } from './test-data.js'

const renderIn = pageRenderer('/dashboard/channels')

describe('AttributionCompare', () => {
  it('draws one bar per channel and model, labelled for screen readers', async () => {
    const root = await renderIn('en', <AttributionCompare data={compareData} />)
    const svg = root.querySelector('svg[aria-label]') ?? root.querySelector('[aria-label] svg')
    expect(svg).not.toBeNull()
    expect(root.querySelector('[aria-label^="Grouped bar chart"]')).not.toBeNull()
    expect(root.querySelectorAll('svg rect')).not.toHaveLength(0)
    expect(root.textContent).toContain('First touch')
  })

  it('tables the credit per channel and model, a missing credit as a dash', async () => {
    const root = await renderIn('de', <AttributionCompare data={compareData} />)
    expect(root.querySelector('caption')?.textContent).toBe(
      'Beitrag je Kanal und Attributionsmodell, Conversion: Kunde',
    )
    const header = root.querySelector('thead tr')
    expect(header && cellTexts(header)).toEqual([
      'Kanal',
      'Erster Kontakt',
      'Linear',
      'my_custom_model',
    ])
    const rows = [...root.querySelectorAll('tbody tr')].map(cellTexts)
    expect(rows).toEqual([
      ['paid_search', '3', '2,5', '1,3'],
      ['email', '1', '1,5', '–'],
    ])
  })
})
