import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type FakeApi,
  fakeApi,
  fire,
  pageRenderer,
  renderInto,
  sampleMeta,
  settle,
} from '../../app/testing/render.js'
import { CohortsPage, ProfileSwitch } from './cohorts-page.js'
import { cohortsData } from './test-data.js'

const renderIn = pageRenderer('/dashboard/cohorts')

describe('CohortsPage', () => {
  let api: FakeApi | undefined
  // A page left mounted would fetch again when a later test changes the URL.
  afterEach(() => {
    act(() => {
      for (const root of document.body.children) render(null, root)
    })
    api?.restore()
  })

  const renderPage = (query: string, locale: 'en' | 'de' = 'en') =>
    renderInto(<CohortsPage />, { locale, url: `/dashboard/cohorts${query}` })

  it('asks for the period only, says the site does not apply, and shows two charts and two tables', async () => {
    api = fakeApi({ cohorts: cohortsData })
    const root = await renderPage('?from=2026-10-01&to=2026-11-30&site=acme&channel=email')
    await settle()
    expect(api.requests).toEqual(['/api/v1/cohorts?from=2026-10-01&to=2026-11-30'])
    expect(root.querySelector('[role=note]')?.textContent).toContain('the site filter (acme)')
    expect(root.querySelectorAll('svg[aria-label]').length).toBeGreaterThanOrEqual(2)
    expect([...root.querySelectorAll('caption')].map((caption) => caption.textContent)).toEqual([
      'Lead-score profile per monthly cohort',
      'Share of each monthly cohort that has reached each stage so far',
    ])
  })

  it('shows the temperatures when the URL asks for them', async () => {
    api = fakeApi({ cohorts: cohortsData })
    const root = await renderPage('?from=2026-10-01&to=2026-11-30&profile=temperatures', 'de')
    await settle()
    expect(root.querySelector('[aria-label^="Neue Leads je Monatskohorte"]')).not.toBeNull()
    expect(root.querySelector('button[aria-pressed="true"]')?.textContent).toBe('Temperaturen')
  })

  it('says to build the models before their first build', async () => {
    api = fakeApi({ cohorts: { rows: [] } })
    const root = await renderInto(<CohortsPage />, {
      url: '/dashboard/cohorts',
      meta: { ...sampleMeta, builtAt: null, dataRange: null },
    })
    await settle()
    expect(root.textContent).toContain('pnpm models build')
  })

  it('widens the period to the last twelve months with one button', async () => {
    api = fakeApi({ cohorts: cohortsData })
    const root = await renderPage('?from=2026-10-02&to=2026-10-31&site=acme')
    await settle()
    const button = [...root.querySelectorAll('button')].find(
      (element) => element.textContent === 'Show the last 12 months',
    )
    if (!button) throw new Error('no button')
    fire(button, new MouseEvent('click', { bubbles: true }))
    await settle()
    const query = new URLSearchParams(window.location.search)
    expect([query.get('from'), query.get('to'), query.get('site')]).toEqual([
      '2025-11-01',
      '2026-10-31',
      'acme',
    ])
    expect(api.requests.at(-1)).toBe('/api/v1/cohorts?from=2025-11-01&to=2026-10-31')
  })

  it('says what to do when no cohort falls in the period', async () => {
    api = fakeApi({ cohorts: { rows: [] } })
    const root = await renderPage('?from=2026-10-05&to=2026-10-20')
    await settle()
    expect(root.textContent).toContain('Cohorts are calendar months')
    expect(root.querySelector('svg')).toBeNull()
  })
})

describe('ProfileSwitch', () => {
  it('marks the shown profile pressed and puts the other in the URL', async () => {
    const root = await renderIn('en', <ProfileSwitch value="scores" />, '?from=2026-01-01')
    const [scores, temperatures] = [...root.querySelectorAll('button')]
    if (!scores || !temperatures) throw new Error('no buttons')
    expect(scores.getAttribute('aria-pressed')).toBe('true')
    expect(temperatures.getAttribute('aria-pressed')).toBe('false')
    fire(temperatures, new MouseEvent('click', { bubbles: true }))
    const query = new URLSearchParams(window.location.search)
    expect(query.get('profile')).toBe('temperatures')
    expect(query.get('from')).toBe('2026-01-01')
  })
})
