import { describe, expect, it } from 'vitest'
import { cellTexts, fire, pageRenderer } from '../../app/testing/render.js'
import { ChannelTable } from './channel-table.js'
import { channelsData } from './test-data.js'

const renderIn = pageRenderer('/dashboard/channels')

const nbsp = /\u00a0|\u202f/g
const rowTexts = (row: Element) => cellTexts(row).map((text) => text.replace(nbsp, ' '))

describe('ChannelTable', () => {
  it('shows one row per channel with its KPIs formatted in English', async () => {
    const root = await renderIn('en', <ChannelTable data={channelsData} />)
    const rows = root.querySelectorAll('tr.channel-row')
    expect(rows).toHaveLength(3)
    const first = rows[0]
    if (!first) throw new Error('no row')
    expect(rowTexts(first)).toEqual([
      '▸paid_search',
      '€12,346',
      '120.5',
      '40',
      '4',
      '€48,000',
      '€102.45',
      '€308.64',
      '€3,086',
      '3.89×',
      '143%',
    ])
    expect(root.querySelector('caption')?.textContent).toBe(
      'Spend and results per channel, Linear attribution',
    )
  })

  it('formats the same KPIs the German way', async () => {
    const root = await renderIn('de', <ChannelTable data={channelsData} />)
    const first = root.querySelector('tr.channel-row')
    if (!first) throw new Error('no row')
    const texts = rowTexts(first)
    expect(texts[1]).toBe('12.346 €')
    expect(texts[2]).toBe('120,5')
    expect(texts[9]).toBe('3,89×')
    expect(texts[10]).toBe('143 %')
    expect(root.querySelector('thead')?.textContent).toContain('Kosten pro Lead')
  })

  it('prints a ratio whose denominator is 0 as a dash', async () => {
    const root = await renderIn('en', <ChannelTable data={channelsData} />)
    const organic = root.querySelectorAll('tr.channel-row')[1]
    if (!organic) throw new Error('no row')
    expect(rowTexts(organic).slice(6)).toEqual(['–', '–', '–', '–', '–'])
  })

  it('names the channel of leads without a tracked visit in words', async () => {
    const root = await renderIn('de', <ChannelTable data={channelsData} />)
    const none = root.querySelectorAll('tr.channel-row')[2]
    expect(none && cellTexts(none)[0]).toBe('▸(kein erfasster Besuch)')
  })

  it('shows the unmatched spend as a line of its own', async () => {
    const root = await renderIn('en', <ChannelTable data={channelsData} />)
    const line = root.querySelector('tfoot tr')
    if (!line) throw new Error('no unmatched line')
    expect(rowTexts(line).slice(0, 2)).toEqual(['Spend matched to no touchpoint', '€250.50'])
  })

  it('opens and closes a channel’s campaigns from the keyboard', async () => {
    const root = await renderIn('en', <ChannelTable data={channelsData} />)
    const button = root.querySelector<HTMLButtonElement>('tr.channel-row button')
    if (!button) throw new Error('no disclosure button')
    // A real <button>: Enter and Space click it in every browser.
    expect(button.type).toBe('button')
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(root.querySelectorAll('tr.campaign-row')).toHaveLength(0)

    button.focus()
    fire(button, new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(button.getAttribute('aria-label')).toBe('Hide the campaigns of paid_search')
    const campaigns = root.querySelectorAll('tr.campaign-row')
    expect(campaigns).toHaveLength(2)
    expect(rowTexts(campaigns[0] as Element).slice(0, 3)).toEqual([
      'brand <b>2026</b> google / cpc',
      '€10,000',
      '100',
    ])
    // A visitor's value stays text: no element was made of it.
    expect(root.querySelector('tr.campaign-row b')).toBeNull()
    expect(rowTexts(campaigns[1] as Element)[0]).toBe('(not set) bing / cpc')

    fire(button, new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }))
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(root.querySelectorAll('tr.campaign-row')).toHaveLength(0)
  })

  it('toggles a channel with a click (what Enter and Space do) and all channels at once', async () => {
    const root = await renderIn('de', <ChannelTable data={channelsData} />)
    const [organic] = [...root.querySelectorAll<HTMLButtonElement>('tr.channel-row button')].slice(
      1,
    )
    if (!organic) throw new Error('no disclosure button')
    fire(organic, new MouseEvent('click', { bubbles: true }))
    expect(root.querySelector('tr.campaign-row')?.textContent).toBe(
      'Für diesen Kanal sind keine Kampagnen erfasst.',
    )
    const all = root.querySelector<HTMLButtonElement>('.table-tools button')
    if (!all) throw new Error('no expand-all button')
    expect(all.textContent).toBe('Alle Kampagnen anzeigen')
    fire(all, new MouseEvent('click', { bubbles: true }))
    expect(root.querySelectorAll('tr.campaign-row')).toHaveLength(4)
    expect(all.textContent).toBe('Alle Kampagnen ausblenden')
    fire(all, new MouseEvent('click', { bubbles: true }))
    expect(root.querySelectorAll('tr.campaign-row')).toHaveLength(0)
  })
})
