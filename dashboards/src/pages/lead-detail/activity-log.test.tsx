// @vitest-environment happy-dom
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { type Rendered, renderIn } from '../leads/test-render.js'
import { ActivityLog } from './activity-log.js'
import { activity, leadDetail } from './test-fixtures.js'

let view: Rendered | undefined
afterEach(() => view?.unmount())

const titles = (container: HTMLElement) =>
  [...container.querySelectorAll('.activity-title')].map((title) => title.textContent)

describe('ActivityLog', () => {
  it('interleaves web, email and sales entries newest first, whatever order they came in', async () => {
    const { activity: entries } = leadDetail()
    view = await renderIn(<ActivityLog activity={[...entries].reverse()} total={entries.length} />)
    expect(titles(view.container)).toEqual([
      'Deal won',
      'Clicked a link in an email',
      'Call',
      'Submitted a form',
      'Viewed a page',
    ])
    const sources = [...view.container.querySelectorAll('.activity-source')].map(
      (source) => source.textContent,
    )
    expect(sources).toEqual(['Sales', 'Email', 'Sales', 'Web', 'Web'])
  })

  it('shows a page view’s page, previous path, referrer and channel, and marks a pricing page', async () => {
    view = await renderIn(<ActivityLog activity={leadDetail().activity} total={5} />)
    const pricing = view.container.querySelector('.activity-pricing')
    expect(pricing?.querySelector('.badge-pricing')?.textContent).toContain('Pricing page')
    const details = [...(pricing?.querySelectorAll('dt, dd') ?? [])].map((node) => node.textContent)
    expect(details).toEqual([
      'Page',
      'Pricing (/pricing)',
      'Came from',
      '/features',
      'Referrer',
      'https://www.google.com/',
      'Channel',
      'Organic search',
    ])
    expect(view.container.querySelectorAll('.activity-pricing')).toHaveLength(1)
  })

  it('formats a deal’s amount and the times for the locale', async () => {
    view = await renderIn(<ActivityLog activity={leadDetail().activity} total={5} />, 'de')
    const deal = view.container.querySelector('.activity-sales')
    expect(deal?.querySelector('.activity-title')?.textContent).toBe('Abschluss gewonnen')
    expect(deal?.textContent).toContain('12.500,00')
    expect(deal?.textContent).toContain('€')
    expect(deal?.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-03T09:00:00.000Z')
    expect(deal?.querySelector('time')?.textContent).toContain('2026')
  })

  it('renders a visitor’s values as text even when they look like HTML', async () => {
    const evil = activity({
      path: '/<script>alert(1)</script>',
      title: '<img src=x onerror=alert(1)>',
      referrer: 'https://evil.test/"><b>x</b>',
      previousPath: '<svg onload=alert(1)>',
    })
    view = await renderIn(<ActivityLog activity={[evil]} total={1} />)
    const entry = view.container.querySelector('.activity-log')
    expect(entry?.querySelector('script, img, b, svg')).toBeNull()
    expect(entry?.textContent).toContain(
      '<img src=x onerror=alert(1)> (/<script>alert(1)</script>)',
    )
    expect(entry?.textContent).toContain('<svg onload=alert(1)>')
    expect(entry?.textContent).toContain('https://evil.test/"><b>x</b>')
  })

  it('says how many entries there are when only the newest are shown', async () => {
    view = await renderIn(<ActivityLog activity={leadDetail().activity} total={1234} />)
    expect(view.container.textContent).toContain('The 5 newest of 1,234 entries.')
  })

  it('says what will show here when there is nothing yet', async () => {
    view = await renderIn(<ActivityLog activity={[]} total={0} />, 'de')
    expect(view.container.textContent).toContain('Noch keine Aktivitäten')
    expect(view.container.querySelector('ol')).toBeNull()
  })

  it('shows one source alone at a button’s press, and all again', async () => {
    view = await renderIn(<ActivityLog activity={leadDetail().activity} total={5} />)
    const button = (text: string) =>
      [...(view?.container.querySelectorAll<HTMLButtonElement>('.toggle-group button') ?? [])].find(
        (candidate) => candidate.textContent === text,
      )
    expect(button('All (5)')?.getAttribute('aria-pressed')).toBe('true')
    await act(() => button('Sales (2)')?.click())
    expect(titles(view.container)).toEqual(['Deal won', 'Call'])
    expect(button('Sales (2)')?.getAttribute('aria-pressed')).toBe('true')
    await act(() => button('Email (1)')?.click())
    expect(titles(view.container)).toEqual(['Clicked a link in an email'])
    await act(() => button('All (5)')?.click())
    expect(titles(view.container)).toHaveLength(5)
  })
})
