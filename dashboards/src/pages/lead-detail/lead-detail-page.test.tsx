// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Rendered, renderIn, reply, settle, stubApi } from '../leads/test-render.js'
import { LeadDetailPage } from './lead-detail-page.js'
import { leadDetail } from './test-fixtures.js'

let view: Rendered | undefined
beforeEach(() =>
  window.history.replaceState(null, '', '/dashboard/leads/detail?email=anna%40acme.test'),
)
afterEach(() => {
  view?.unmount()
  vi.unstubAllGlobals()
})

const sectionTitles = (container: HTMLElement) =>
  [...container.querySelectorAll('h2')].map((title) => title.textContent)

describe('LeadDetailPage', () => {
  it('asks for the lead in the URL and shows who they are, score, trajectory, lifecycle and activity', async () => {
    const asked = stubApi({ 'leads/detail': () => leadDetail() })
    view = await renderIn(<LeadDetailPage />)
    await settle()
    expect(asked[0]?.searchParams.get('email')).toBe('anna@acme.test')
    const { container } = view
    expect(container.querySelector('h1')?.textContent).toBe('Anna Berg')
    expect(container.querySelector('.lead-subtitle')?.textContent).toBe(
      'anna@acme.test · Acme GmbH',
    )
    expect(sectionTitles(container)).toEqual([
      'Who they are',
      'Lead score',
      'Score over time',
      'Lifecycle',
      'Activity and sales log',
    ])
    expect(container.querySelectorAll('.activity')).toHaveLength(5)
    expect(container.querySelector('.back-link a')?.getAttribute('href')).toBe('/dashboard/leads')
  })

  it('shows the German page in German', async () => {
    stubApi({ 'leads/detail': () => leadDetail() })
    view = await renderIn(<LeadDetailPage />, 'de')
    await settle()
    expect(sectionTitles(view.container)).toEqual([
      'Wer ist das',
      'Lead-Score',
      'Score im Zeitverlauf',
      'Lebenszyklus',
      'Aktivitäten und Vertriebsprotokoll',
    ])
    expect(view.container.querySelector('.score-total dd')?.textContent).toBe('1.234,5')
  })

  it('answers a 404 with "no such lead" and a link back to the list', async () => {
    window.history.replaceState(null, '', '/dashboard/leads/detail?email=nobody%40acme.test')
    stubApi({ 'leads/detail': () => reply({ error: { code: 'not_found' } }, 404) })
    view = await renderIn(<LeadDetailPage />)
    await settle()
    expect(view.container.querySelector('h1')?.textContent).toBe('No such lead')
    expect(view.container.textContent).toContain('There is no lead with the email nobody@acme.test')
    const back = view.container.querySelector<HTMLAnchorElement>('.back-link a')
    expect(back?.getAttribute('href')).toBe('/dashboard/leads')
    back?.click()
    expect(window.location.pathname).toBe('/dashboard/leads')
  })

  it('without an email, says to pick a lead from the list', async () => {
    window.history.replaceState(null, '', '/dashboard/leads/detail')
    stubApi({ 'leads/detail': () => reply({ error: { code: 'bad_request' } }, 400) })
    view = await renderIn(<LeadDetailPage />)
    await settle()
    expect(view.container.textContent).toContain('No lead chosen')
  })
})
