import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from './app.js'
import { getQuery } from './router.js'
import { fakeApi, renderInto, sampleMeta, settle } from './testing/render.js'

describe('App', () => {
  let api: ReturnType<typeof fakeApi> | undefined
  afterEach(() => api?.restore())

  const open = async (url: string, locale: 'en' | 'de' = 'en') => {
    api = fakeApi({ meta: sampleMeta })
    const container = await renderInto(<App />, { url, locale, meta: null })
    await settle()
    return container
  }

  it('shows the six pages in the navigation, the current one marked', async () => {
    const container = await open('/dashboard/funnel')
    const links = [...container.querySelectorAll('nav a')]
    expect(links.map((link) => link.textContent)).toEqual([
      'Overview',
      'Funnel',
      'Channels & campaigns',
      'Leads',
      'Lead detail',
      'Cohorts',
    ])
    expect(links.filter((link) => link.getAttribute('aria-current') === 'page')).toEqual([links[1]])
    expect(document.title).toBe('Funnel · Leadhouse')
  })

  it('offers the sites and channels of meta, the channel only where it applies', async () => {
    const container = await open('/dashboard?site=site-b')
    const site = container.querySelector<HTMLSelectElement>('select[name=site]')
    expect([...(site?.options ?? [])].map((option) => option.value)).toEqual([
      '',
      'site-a',
      'site-b',
    ])
    expect(site?.value).toBe('site-b')
    expect(container.querySelector('select[name=channel]')).not.toBeNull()
    const cohorts = await open('/dashboard/cohorts')
    expect(cohorts.querySelector('select[name=channel]')).toBeNull()
    // The lead list has no period: no period filter to mislead.
    const leads = await open('/dashboard/leads')
    expect(leads.querySelector('select[name=period]')).toBeNull()
    expect(leads.querySelector('select[name=site]')).not.toBeNull()
  })

  it('puts a preset period into the URL, counted back from the last day with data', async () => {
    const container = await open('/dashboard')
    const period = container.querySelector<HTMLSelectElement>('select[name=period]')
    expect(period?.value).toBe('last30')
    await act(() => {
      if (!period) return
      period.value = 'lastMonth'
      period.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(getQuery()).toEqual({ from: '2026-10-01', to: '2026-10-31' })
  })

  it('shows from and to for a custom period from the URL', async () => {
    const container = await open('/dashboard?from=2026-09-03&to=2026-09-20')
    expect(container.querySelector<HTMLSelectElement>('select[name=period]')?.value).toBe('custom')
    expect(container.querySelector<HTMLInputElement>('input[name=from]')?.value).toBe('2026-09-03')
    expect(container.querySelector<HTMLInputElement>('input[name=to]')?.value).toBe('2026-09-20')
  })

  it('takes a custom period from the date fields, a backwards one turned round', async () => {
    const container = await open('/dashboard?from=2026-09-03&to=2026-09-20')
    const from = container.querySelector<HTMLInputElement>('input[name=from]')
    await act(() => {
      if (!from) return
      from.value = '2026-09-25'
      from.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(getQuery()).toEqual({ from: '2026-09-20', to: '2026-09-25' })
    const channel = container.querySelector<HTMLSelectElement>('select[name=channel]')
    await act(() => {
      if (!channel) return
      channel.value = 'email'
      channel.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(getQuery()).toEqual({ from: '2026-09-20', to: '2026-09-25', channel: 'email' })
  })

  it('switches the whole frame to German and back', async () => {
    const container = await open('/dashboard')
    const german = container.querySelector<HTMLButtonElement>('button[lang=de]')
    await act(() => german?.click())
    expect(document.documentElement.lang).toBe('de')
    expect(german?.getAttribute('aria-pressed')).toBe('true')
    expect(container.querySelector('nav a')?.textContent).toBe('Übersicht')
    expect(container.querySelector('.logout button')?.textContent).toBe('Abmelden')
    await act(() => container.querySelector<HTMLButtonElement>('button[lang=en]')?.click())
    expect(container.querySelector('nav a')?.textContent).toBe('Overview')
  })

  it('logs out with the collector’s form', async () => {
    const container = await open('/dashboard')
    const form = container.querySelector('form.logout')
    expect(form?.getAttribute('method')).toBe('post')
    expect(form?.getAttribute('action')).toBe('/logout')
  })

  it('says so for a path that is no page', async () => {
    const container = await open('/dashboard/nowhere')
    expect(container.querySelector('main')?.textContent).toBe('There is no such page.')
  })
})
