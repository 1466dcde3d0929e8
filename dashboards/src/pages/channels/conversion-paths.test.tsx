import { describe, expect, it } from 'vitest'
import { cellTexts, pageRenderer } from '../../app/testing/render.js'
import { ConversionPaths } from './conversion-paths.js'
import { pathsData } from './test-data.js'

const renderIn = pageRenderer('/dashboard/channels')

describe('ConversionPaths', () => {
  it('shows each path as its channels in order, joined by arrows', async () => {
    const root = await renderIn('en', <ConversionPaths data={pathsData} />)
    const first = root.querySelector('tbody tr ol.path-chips')
    expect(first?.tagName).toBe('OL')
    expect([...(first?.querySelectorAll('.chip') ?? [])].map((chip) => chip.textContent)).toEqual([
      'paid_search',
      'email',
      'direct',
    ])
    const arrows = first?.querySelectorAll('.path-arrow') ?? []
    expect(arrows).toHaveLength(2)
    for (const arrow of arrows) expect(arrow.getAttribute('aria-hidden')).toBe('true')
  })

  it('formats conversions, share and median days per locale, an unknown median as a dash', async () => {
    const rowsIn = async (locale: 'en' | 'de') =>
      [
        ...(await renderIn(locale, <ConversionPaths data={pathsData} />)).querySelectorAll(
          'tbody tr',
        ),
      ].map((row) => cellTexts(row).slice(1))
    expect(await rowsIn('en')).toEqual([
      ['1,234', '45.7%', '3.5 days'],
      ['10', '0.4%', '–'],
      ['7', '0.3%', '–'],
    ])
    expect(await rowsIn('de')).toEqual([
      ['1.234', '45,7 %', '3,5 Tage'],
      ['10', '0,4 %', '–'],
      ['7', '0,3 %', '–'],
    ])
  })

  it('says so for a conversion without a tracked visit', async () => {
    const root = await renderIn('de', <ConversionPaths data={pathsData} />)
    const last = [...root.querySelectorAll('tbody tr')].at(-1)
    expect(last?.querySelector('td')?.textContent).toBe(
      'Kein erfasster Besuch (nur aus dem CRM bekannt)',
    )
    expect(last?.querySelector('ol')).toBeNull()
  })
})
