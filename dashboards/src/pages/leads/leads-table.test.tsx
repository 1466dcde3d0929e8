// @vitest-environment happy-dom
import { render } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderInto } from '../../app/testing/render.js'
import { readLeadsQuery } from './leads-query.js'
import { LeadsTable } from './leads-table.js'
import { leadRow } from './test-fixtures.js'

let container: HTMLElement | undefined
afterEach(() => {
  if (container) render(null, container)
})

const cells = (row: Element | null | undefined) =>
  [...(row?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent?.trim())

describe('LeadsTable', () => {
  it('shows each column formatted for English, with a link to the lead', async () => {
    container = await renderInto(
      <LeadsTable
        rows={[leadRow()]}
        state={readLeadsQuery({})}
        page={1}
        total={1}
        pageSize={50}
        onSort={() => {}}
      />,
      { locale: 'en' },
    )
    const row = container.querySelector('tbody tr')
    expect(cells(row)).toEqual([
      'anna@acme.test',
      'Anna Berg',
      'Acme GmbH',
      '1,234.5',
      'Hot',
      expect.stringContaining('Green'),
      'MQL',
      'Sam Seller',
      'Paid search',
      expect.stringContaining('2026'),
    ])
    const link = row?.querySelector('a')
    expect(link?.getAttribute('href')).toBe('/dashboard/leads/detail?email=anna%40acme.test')
    expect(container.querySelector('caption')?.textContent).toBe('Leads, 1–1 of 1')
  })

  it('shows the same in German: numbers, names of values, caption', async () => {
    container = await renderInto(
      <LeadsTable
        rows={[leadRow({ temperature: 'warm', trafficLight: 'yellow', stage: 'customer' })]}
        state={readLeadsQuery({ page: '2' })}
        page={2}
        total={1234}
        pageSize={50}
        onSort={() => {}}
      />,
      { locale: 'de' },
    )
    const values = cells(container.querySelector('tbody tr'))
    expect(values[3]).toBe('1.234,5')
    expect(values[4]).toBe('Warm')
    expect(values[5]).toContain('Gelb')
    expect(values[6]).toBe('Kunde')
    expect(values[8]).toBe('Bezahlte Suche')
    expect(container.querySelector('caption')?.textContent).toBe('Leads, 51–51 von 1.234')
  })

  it('shows a missing value as a dash', async () => {
    container = await renderInto(
      <LeadsTable
        rows={[
          leadRow({
            name: null,
            company: null,
            owner: null,
            firstTouchChannel: null,
            lastActivityAt: null,
          }),
        ]}
        state={readLeadsQuery({})}
        page={1}
        total={1}
        pageSize={50}
        onSort={() => {}}
      />,
    )
    const values = cells(container.querySelector('tbody tr'))
    expect([values[1], values[2], values[7], values[8], values[9]]).toEqual([
      '–',
      '–',
      '–',
      '–',
      '–',
    ])
  })

  it('renders a visitor’s values as text even when they look like HTML', async () => {
    const name = '<img src=x onerror=alert(1)>'
    container = await renderInto(
      <LeadsTable
        rows={[leadRow({ name, company: '<b>Evil</b>' })]}
        state={readLeadsQuery({})}
        page={1}
        total={1}
        pageSize={50}
        onSort={() => {}}
      />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('tbody b')).toBeNull()
    const values = cells(container.querySelector('tbody tr'))
    expect(values[1]).toBe(name)
    expect(values[2]).toBe('<b>Evil</b>')
  })

  it('does not rest the traffic light on colour alone', async () => {
    container = await renderInto(
      <LeadsTable
        rows={[leadRow({ trafficLight: 'red' })]}
        state={readLeadsQuery({})}
        page={1}
        total={1}
        pageSize={50}
        onSort={() => {}}
      />,
    )
    const light = container.querySelector('.traffic-light')
    expect(light?.textContent).toContain('Red')
    expect(light?.querySelector('[aria-hidden="true"]')?.textContent).toBe('■')
  })

  it('reports a click on a column header as a sort by that column', async () => {
    const onSort = vi.fn()
    container = await renderInto(
      <LeadsTable
        rows={[leadRow()]}
        state={readLeadsQuery({})}
        page={1}
        total={1}
        pageSize={50}
        onSort={onSort}
      />,
    )
    const header = [...container.querySelectorAll('th button')].find((button) =>
      button.textContent?.startsWith('Company'),
    ) as HTMLButtonElement | undefined
    header?.click()
    expect(onSort).toHaveBeenCalledWith('company')
  })
})
