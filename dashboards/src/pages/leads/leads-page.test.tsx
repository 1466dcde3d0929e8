// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { type FakeApi, fakeApi, renderInto, sampleMeta, settle } from '../../app/testing/render.js'
import { LeadsPage } from './leads-page.js'
import { SEARCH_DEBOUNCE_MS } from './search-box.js'
import { leadRow, leadsPage } from './test-fixtures.js'

let container: HTMLElement | undefined
let api: FakeApi | undefined
afterEach(() => {
  if (container) render(null, container)
  api?.restore()
})

const query = () => Object.fromEntries(new URLSearchParams(window.location.search))
const leadsAsked = () =>
  (api?.requests ?? [])
    .map((request) => new URL(request, 'http://x'))
    .filter((url) => url.pathname === '/api/v1/leads')

async function change(element: Element | null | undefined, value: string): Promise<void> {
  const input = element as HTMLInputElement | HTMLSelectElement
  input.value = value
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await settle()
}

const buttonNamed = (name: string) =>
  [...(container?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find(
    (button) => button.textContent === name,
  )

describe('LeadsPage', () => {
  it('asks the read API for the list the URL describes', async () => {
    api = fakeApi({ leads: leadsPage([leadRow()], { total: 51, page: 2 }) })
    container = await renderInto(<LeadsPage />, {
      url: '/dashboard/leads?q=acme&stage=mql&temperature=hot&channel=direct&site=site-a&scoreMin=10&scoreMax=90&sort=name&order=desc&page=2',
    })
    await settle()
    expect(Object.fromEntries(leadsAsked()[0]?.searchParams ?? [])).toEqual({
      site: 'site-a',
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
    expect(container.querySelector<HTMLSelectElement>('#leads-stage')?.value).toBe('mql')
    expect(container.querySelector<HTMLInputElement>('#leads-q')?.value).toBe('acme')
  })

  it('puts filters, sort and page in the URL, back to page 1 when a filter changes', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => leadRow({ email: `l${i}@acme.test` }))
    api = fakeApi({
      leads: (params: URLSearchParams) =>
        leadsPage(rows, { total: 170, page: Number(params.get('page') ?? 1) }),
    })
    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads?page=3&channel=email' })
    await settle()

    await change(container.querySelector('#leads-stage'), 'sql')
    expect(query()).toEqual({ stage: 'sql', channel: 'email' })
    await change(container.querySelector('#leads-temperature'), 'warm')
    await change(container.querySelector('#leads-score-min'), '20')
    await change(container.querySelector('#leads-score-max'), '80')
    expect(query()).toEqual({
      stage: 'sql',
      channel: 'email',
      temperature: 'warm',
      scoreMin: '20',
      scoreMax: '80',
    })

    const sortBy = (name: string) =>
      [...(container?.querySelectorAll<HTMLButtonElement>('th button') ?? [])].find((button) =>
        button.textContent?.startsWith(name),
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

    // The reset clears the page's own filters; the filter bar's channel stays.
    await act(() => buttonNamed('Clear filters')?.click())
    await settle()
    expect(query()).toEqual({ channel: 'email', sort: 'company', order: 'desc' })
    expect(buttonNamed('Clear filters')).toBeUndefined()
  })

  it('searches once typing pauses, not at every key', async () => {
    api = fakeApi({ leads: leadsPage([leadRow()]) })
    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads' })
    await settle()
    const input = container.querySelector('#leads-q') as HTMLInputElement
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
    expect(leadsAsked().map((url) => url.searchParams.get('q'))).toEqual([null, 'ann'])
  })

  it('links a CSV export of exactly the rows shown', async () => {
    api = fakeApi({ leads: leadsPage([leadRow()], { total: 60, page: 2 }) })
    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads?stage=mql&page=2' })
    await settle()
    const link = container.querySelector<HTMLAnchorElement>('a.csv-link')
    const url = new URL(link?.getAttribute('href') ?? '', 'http://x')
    expect(url.pathname).toBe('/api/v1/leads')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ...Object.fromEntries(leadsAsked()[0]?.searchParams ?? []),
      format: 'csv',
    })
    expect(url.searchParams.get('page')).toBe('2')
  })

  it('says what to do when nothing matches, or when there are no leads at all', async () => {
    api = fakeApi({ leads: leadsPage([]) })
    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads?stage=customer' })
    await settle()
    expect(container.textContent).toContain('No lead matches these filters')
    render(null, container)

    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads', locale: 'de' })
    await settle()
    expect(container.textContent).toContain('Noch keine Leads')
    expect(container.querySelector('table')).toBeNull()
  })

  it('offers the first page when a shared URL’s page is past the end of the list', async () => {
    api = fakeApi({ leads: leadsPage([], { total: 3, page: 9 }) })
    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads?stage=mql&page=9' })
    await settle()
    expect(container.textContent).toContain('This page is past the end of the list.')
    await act(() => buttonNamed('Go to the first page')?.click())
    await settle()
    expect(query()).toEqual({ stage: 'mql' })
  })

  it('before the first model build, says how to get data instead of the list', async () => {
    api = fakeApi({ leads: leadsPage([]) })
    container = await renderInto(<LeadsPage />, {
      url: '/dashboard/leads',
      meta: { ...sampleMeta, builtAt: null, dataRange: null },
    })
    await settle()
    expect(container.querySelector('.state-empty')?.textContent).toContain('pnpm models build')
    expect(container.querySelector('#leads-q')).toBeNull()
  })

  it('keeps the table and the focus in place while the next page loads', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => leadRow({ email: `l${i}@acme.test` }))
    api = fakeApi({ leads: leadsPage(rows, { total: 120 }) })
    container = await renderInto(<LeadsPage />, { url: '/dashboard/leads' })
    await settle()
    const answered = globalThis.fetch
    // The next page's answer never comes.
    globalThis.fetch = (() => new Promise<Response>(() => {})) as typeof fetch
    try {
      const next = [...container.querySelectorAll<HTMLButtonElement>('.pagination button')].find(
        (button) => button.textContent?.includes('Next'),
      )
      next?.focus()
      await act(() => next?.click())
      await settle()
      expect(query().page).toBe('2')
      expect(container.querySelectorAll('tbody tr')).toHaveLength(50)
      expect(container.querySelector('[aria-busy="true"] table')).not.toBeNull()
      expect(document.activeElement).toBe(next)
    } finally {
      globalThis.fetch = answered
    }
  })
})
