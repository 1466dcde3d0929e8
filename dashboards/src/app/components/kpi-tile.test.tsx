import { describe, expect, it } from 'vitest'
import { renderInto } from '../testing/render.js'
import { changeTone, KpiTile } from './kpi-tile.js'

describe('KpiTile', () => {
  it('calls a rise good news where up is good, and bad news for a cost', () => {
    expect(changeTone(0.12)).toEqual({ direction: 'up', tone: 'good' })
    expect(changeTone(0.12, 'down')).toEqual({ direction: 'up', tone: 'bad' })
    expect(changeTone(-0.3, 'down')).toEqual({ direction: 'down', tone: 'good' })
    expect(changeTone(0.0001)).toEqual({ direction: 'flat', tone: 'neutral' })
    expect(changeTone(null)).toEqual({ direction: 'unknown', tone: 'neutral' })
  })

  it('shows the value, an arrow with the signed change, and a sentence for screen readers', async () => {
    const container = await renderInto(
      <KpiTile label="Cost per lead" value="€45.20" change={-0.125} goodWhen="down" />,
    )
    expect(container.querySelector('.kpi-label')?.textContent).toBe('Cost per lead')
    expect(container.querySelector('.kpi-value')?.textContent).toBe('€45.20')
    const change = container.querySelector('.kpi-change')
    expect(change?.classList.contains('kpi-good')).toBe(true)
    expect(change?.getAttribute('data-direction')).toBe('down')
    expect(change?.querySelector('[aria-hidden]')?.textContent).toBe('▼ −12.5%')
    expect(change?.querySelector('.visually-hidden')?.textContent).toBe(
      'down 12.5% against the previous period',
    )
  })

  it('marks a rise of a count green with an up arrow, in German too', async () => {
    const container = await renderInto(<KpiTile label="Leads" value="12" change={0.5} />, {
      locale: 'de',
    })
    const change = container.querySelector('.kpi-change')
    expect(change?.classList.contains('kpi-good')).toBe(true)
    expect(change?.querySelector('[aria-hidden]')?.textContent).toBe('▲ +50\u00a0%')
    expect(change?.textContent).toContain('mehr als im Vorzeitraum')
  })

  it('says when there is nothing to compare, and shows no change line without a change', async () => {
    const unknown = await renderInto(<KpiTile label="ROI" value="–" change={null} />)
    expect(unknown.querySelector('.kpi-change')?.textContent).toBe('no previous value to compare')
    const none = await renderInto(<KpiTile label="ROI" value="–" />)
    expect(none.querySelector('.kpi-change')).toBeNull()
  })
})
