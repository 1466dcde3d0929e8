// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type FakeApi,
  fakeApi,
  fakeStatus,
  renderInto,
  sampleMeta,
  settle,
} from '../../app/testing/render.js'
import { LeadDetailPage } from './lead-detail-page.js'
import { leadDetail } from './test-fixtures.js'

let container: HTMLElement | undefined
let api: FakeApi | undefined
afterEach(() => {
  if (container) render(null, container)
  api?.restore()
})

const ANNA = '/dashboard/leads/detail?email=anna%40acme.test'
const sectionTitles = () =>
  [...(container?.querySelectorAll('h2') ?? [])].map((title) => title.textContent)

describe('LeadDetailPage', () => {
  it('asks for the lead in the URL and shows who they are, score, trajectory, lifecycle and activity', async () => {
    api = fakeApi({ 'leads/detail': leadDetail() })
    container = await renderInto(<LeadDetailPage />, { url: ANNA })
    await settle()
    expect(api.requests).toEqual(['/api/v1/leads/detail?email=anna%40acme.test'])
    expect(container.querySelector('h1')?.textContent).toBe('Anna Berg')
    expect(container.querySelector('.lead-subtitle')?.textContent).toBe(
      'anna@acme.test · Acme GmbH',
    )
    expect(sectionTitles()).toEqual([
      'Who they are',
      'Lead score',
      'Score over time',
      'Lifecycle',
      'Activity and sales log',
    ])
    expect(container.querySelector('.trajectory-chart svg')).not.toBeNull()
    expect(container.querySelectorAll('.activity')).toHaveLength(5)
    expect(container.querySelector('.back-link a')?.getAttribute('href')).toBe('/dashboard/leads')
  })

  it('shows the German page in German', async () => {
    api = fakeApi({ 'leads/detail': leadDetail() })
    container = await renderInto(<LeadDetailPage />, { url: ANNA, locale: 'de' })
    await settle()
    expect(sectionTitles()).toEqual([
      'Profil',
      'Lead-Score',
      'Score im Zeitverlauf',
      'Lebenszyklus',
      'Aktivitäten und Vertriebsprotokoll',
    ])
    expect(container.querySelector('.score-total dd')?.textContent).toBe('1.234,5')
  })

  it('answers a 404 with "no such lead" and a link back to the list', async () => {
    api = fakeApi({
      'leads/detail': fakeStatus(404, {
        error: { code: 'not_found', message: 'email: no lead nobody@acme.test', field: 'email' },
      }),
    })
    container = await renderInto(<LeadDetailPage />, {
      url: '/dashboard/leads/detail?email=nobody%40acme.test',
    })
    await settle()
    expect(container.querySelector('h1')?.textContent).toBe('No such lead')
    expect(container.textContent).toContain('There is no lead with the email nobody@acme.test')
    const back = container.querySelector<HTMLAnchorElement>('.back-link a')
    expect(back?.getAttribute('href')).toBe('/dashboard/leads')
    back?.click()
    expect(window.location.pathname).toBe('/dashboard/leads')
  })

  it('shows another failure as an error, not as "no such lead"', async () => {
    api = fakeApi({ 'leads/detail': fakeStatus(500, { error: { message: 'engine down' } }) })
    container = await renderInto(<LeadDetailPage />, { url: ANNA })
    await settle()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('engine down')
    expect(container.querySelector('h1')?.textContent).toBe('anna@acme.test')
    expect(container.textContent).not.toContain('No such lead')
  })

  it('without an email, says to pick a lead from the list, and asks nothing', async () => {
    api = fakeApi({})
    container = await renderInto(<LeadDetailPage />, { url: '/dashboard/leads/detail' })
    await settle()
    expect(container.textContent).toContain('No lead chosen')
    expect(api.requests).toEqual([])
    // Its search opens the list of leads with it.
    const input = container.querySelector('#find-lead') as HTMLInputElement
    input.value = 'acme'
    await act(() => {
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await act(() => {
      container
        ?.querySelector('form.find-lead')
        ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    })
    expect(window.location.pathname).toBe('/dashboard/leads')
    expect(window.location.search).toBe('?q=acme')
  })

  it('before the first model build, says how to get data, not "no such lead"', async () => {
    api = fakeApi({ 'leads/detail': fakeStatus(404, { error: { message: 'no lead' } }) })
    container = await renderInto(<LeadDetailPage />, {
      url: ANNA,
      meta: { ...sampleMeta, builtAt: null, dataRange: null },
    })
    await settle()
    expect(container.querySelector('.state-empty')?.textContent).toContain('pnpm models build')
    expect(container.textContent).not.toContain('No such lead')
  })
})
