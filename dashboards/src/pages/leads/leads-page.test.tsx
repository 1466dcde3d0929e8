// @vitest-environment happy-dom
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MetaResponse } from '../../api/types.js'
import { LeadsPage } from './leads-page.js'
import { SEARCH_DEBOUNCE_MS } from './search-box.js'
import { leadRow, leadsPage } from './test-fixtures.js'
import { type Rendered, renderIn, settle, stubApi } from './test-render.js'

const meta: MetaResponse = {
  sites: ['www'],
  channels: ['direct', 'paid_search', 'newsletter_partner'],
  models: ['linear'],
  currency: 'EUR',
  dataRange: { from: '2026-01-01', to: '2026-03-31' },
  builtAt: '2026-04-01T00:00:00.000Z',
}

let view: Rendered | undefined
beforeEach(() => window.history.replaceState(null, '', '/dashboard/leads'))
afterEach(() => {
  view?.unmount()
  vi.unstubAllGlobals()
})

const query = () => Object.fromEntries(new URLSearchParams(window.location.search))
const leadsAsked = (asked: URL[]) => asked.filter((url) => url.pathname === '/api/v1/leads')

async function change(element: Element | null, value: string): Promise<void> {
  const input = element as HTMLInputElement | HTMLSelectElement
  input.value = value
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await settle()
}

describe('LeadsPage', () => {
  it('asks the read API for the list the URL describes', async () => {
    window.history.replaceState(
      null,
      '',
      '/dashboard/leads?q=acme&stage=mql&temperature=hot&channel=direct&scoreMin=10&scoreMax=90&sort=name&order=desc&page=2',
    )
    const asked = stubApi({
      leads: () => leadsPage([leadRow()], { total: 51, page: 2 }),
      meta: () => meta,
    })
    view = await renderIn(<LeadsPage />)
    await settle()
    const params = Object.fromEntries(leadsAsked(asked)[0]?.searchParams ?? [])
    expect(params).toEqual({
      q: 'acme',
      stage: 'mql',
      temperature: 'hot',
      channel: 'direct',
      scoreMin: '10',
      scoreMax: '90',
      sort: 'name',
      order: 'desc',
      page: '2',
      pageSize: '50',
    })
    expect((view.container.querySelector('#leads-stage') as HTMLSelectElement).value).toBe('mql')
    expect((view.container.querySelector('#leads-q') as HTMLInputElement).value).toBe('acme')
  })

  it('puts filters, sort and page in the URL, back to page 1 when a filter changes', async () => {
    window.history.replaceState(null, '', '/dashboard/leads?page=3')
    const rows = Array.from({ length: 50 }, (_, i) => leadRow({ email: `l${i}@acme.test` }))
    stubApi({ leads: () => leadsPage(rows, { total: 170, page: 3 }), meta: () => meta })
    view = await renderIn(<LeadsPage />)
    await settle()
    const container = view.container

    await change(container.querySelector('#leads-stage'), 'sql')
    expect(query()).toEqual({ stage: 'sql' })
    await change(container.querySelector('#leads-temperature'), 'warm')
    await change(container.querySelector('#leads-channel'), 'newsletter_partner')
    await change(container.querySelector('#leads-score-min'), '20')
    await change(container.querySelector('#leads-score-max'), '80')
    expect(query()).toEqual({
      stage: 'sql',
      temperature: 'warm',
      channel: 'newsletter_partner',
      scoreMin: '20',
      scoreMax: '80',
    })

    const sortBy = (name: string) =>
      [...container.querySelectorAll<HTMLButtonElement>('th button')].find(
        (button) => button.textContent === name,
      )
    await act(() => sortBy('Company')?.click())
    await settle()
    expect(query()).toMatchObject({ sort: 'company', order: 'asc' })
    await act(() => sortBy('Company')?.click())
    await settle()
    expect(query()).toMatchObject({ sort: 'company', order: 'desc' })

    const next = [...container.querySelectorAll<HTMLButtonElement>('.pagination button')].find(
      (button) => button.textContent?.includes('Next'),
    )
    await act(() => next?.click())
    await settle()
    expect(query().page).toBe('2')

    const clear = [...container.querySelectorAll<HTMLButtonElement>('button')].find(
      (button) => button.textContent === 'Clear filters',
    )
    await act(() => clear?.click())
    await settle()
    expect(query()).toEqual({ sort: 'company', order: 'desc' })
  })

  it('searches once typing pauses, not at every key', async () => {
    const asked = stubApi({ leads: () => leadsPage([leadRow()]), meta: () => meta })
    view = await renderIn(<LeadsPage />)
    await settle()
    const input = view.container.querySelector('#leads-q') as HTMLInputElement
    for (const text of ['a', 'an', 'ann']) {
      input.value = text
      await act(() => {
        input.dispatchEvent(new Event('input', { bubbles: true }))
      })
    }
    expect(query().q).toBeUndefined()
    await act(() => new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50)))
    await settle()
    expect(query().q).toBe('ann')
    const searches = leadsAsked(asked).map((url) => url.searchParams.get('q'))
    expect(searches).toEqual([null, 'ann'])
  })

  it('links a CSV export of exactly the rows shown', async () => {
    window.history.replaceState(null, '', '/dashboard/leads?stage=mql&page=2')
    stubApi({ leads: () => leadsPage([leadRow()], { total: 60, page: 2 }), meta: () => meta })
    view = await renderIn(<LeadsPage />)
    await settle()
    const link = view.container.querySelector<HTMLAnchorElement>('a.csv-link')
    const url = new URL(link?.getAttribute('href') ?? '', 'http://x')
    expect(url.pathname).toBe('/api/v1/leads')
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      stage: 'mql',
      page: '2',
      pageSize: '50',
      format: 'csv',
    })
  })

  it('says what to do when nothing matches, or when there are no leads at all', async () => {
    window.history.replaceState(null, '', '/dashboard/leads?stage=customer')
    stubApi({ leads: () => leadsPage([]), meta: () => meta })
    view = await renderIn(<LeadsPage />)
    await settle()
    expect(view.container.textContent).toContain('No lead matches these filters')
    view.unmount()

    window.history.replaceState(null, '', '/dashboard/leads')
    view = await renderIn(<LeadsPage />, 'de')
    await settle()
    expect(view.container.textContent).toContain('Noch keine Leads')
    expect(view.container.querySelector('table')).toBeNull()
  })

  it('offers the first page when a shared URL’s page is past the end of the list', async () => {
    window.history.replaceState(null, '', '/dashboard/leads?stage=mql&page=9')
    stubApi({ leads: () => leadsPage([], { total: 3, page: 9 }), meta: () => meta })
    view = await renderIn(<LeadsPage />)
    await settle()
    expect(view.container.textContent).toContain('This page is past the end of the list.')
    const first = [...view.container.querySelectorAll<HTMLButtonElement>('button')].find(
      (button) => button.textContent === 'Go to the first page',
    )
    await act(() => first?.click())
    await settle()
    expect(query()).toEqual({ stage: 'mql' })
  })
})
