// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { renderInto } from '../../app/testing/render.js'
import { ActivityLog } from './activity-log.js'
import { activity, leadDetail } from './test-fixtures.js'

let container: HTMLElement | undefined
afterEach(() => {
  if (container) render(null, container)
})

const titles = (within: Element | undefined) =>
  [...(within?.querySelectorAll('.activity-title') ?? [])].map((title) => title.textContent)

describe('ActivityLog', () => {
  it('interleaves web, email and sales entries newest first, whatever order they came in', async () => {
    const { activity: entries } = leadDetail()
    container = await renderInto(
      <ActivityLog activity={[...entries].reverse()} total={entries.length} />,
    )
    expect(titles(container)).toEqual([
      'Deal won',
      'Clicked a link in an email',
      'Call',
      'Submitted a form',
      'Viewed a page',
    ])
    const sources = [...container.querySelectorAll('.activity-source')].map(
      (source) => source.textContent,
    )
    expect(sources).toEqual(['Sales', 'Email', 'Sales', 'Web', 'Web'])
  })

  it('shows a page view’s page, previous path, referrer and channel, and marks a pricing page', async () => {
    container = await renderInto(<ActivityLog activity={leadDetail().activity} total={5} />)
    const pricing = container.querySelector('.activity-pricing')
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
    expect(container.querySelectorAll('.activity-pricing')).toHaveLength(1)
  })

  it('shows where a visitor came from only for what they did on the site', async () => {
    const entries = [
      activity({ source: 'sales', type: 'call', previousPath: '/contact', channel: 'sales' }),
      activity({ source: 'email', type: 'event', name: 'email_open', previousPath: '/contact' }),
    ]
    container = await renderInto(<ActivityLog activity={entries} total={2} />)
    expect(container.querySelector('.activity-log')?.textContent).not.toContain('/contact')
  })

  it('formats a deal’s amount and the times for the locale', async () => {
    container = await renderInto(<ActivityLog activity={leadDetail().activity} total={5} />, {
      locale: 'de',
    })
    const deal = container.querySelector('.activity-sales')
    expect(deal?.querySelector('.activity-title')?.textContent).toBe('Abschluss gewonnen')
    expect(deal?.textContent).toMatch(/12\.500\s€/)
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
    container = await renderInto(<ActivityLog activity={[evil]} total={1} />)
    const entry = container.querySelector('.activity-log')
    expect(entry?.querySelector('script, img, b, svg')).toBeNull()
    expect(entry?.textContent).toContain(
      '<img src=x onerror=alert(1)> (/<script>alert(1)</script>)',
    )
    expect(entry?.textContent).toContain('<svg onload=alert(1)>')
    expect(entry?.textContent).toContain('https://evil.test/"><b>x</b>')
  })

  it('says how many entries there are when only the newest are shown', async () => {
    container = await renderInto(<ActivityLog activity={leadDetail().activity} total={1234} />)
    expect(container.textContent).toContain('The 5 newest of 1,234 entries.')
  })

  it('says what will show here when there is nothing yet', async () => {
    container = await renderInto(<ActivityLog activity={[]} total={0} />, { locale: 'de' })
    expect(container.textContent).toContain('Noch keine Aktivitäten')
    expect(container.querySelector('ol')).toBeNull()
  })

  it('shows one source alone at a button’s press, and all again', async () => {
    container = await renderInto(<ActivityLog activity={leadDetail().activity} total={5} />)
    const button = (text: string) =>
      [...(container?.querySelectorAll<HTMLButtonElement>('.toggle-group button') ?? [])].find(
        (candidate) => candidate.textContent === text,
      )
    expect(button('All (5)')?.getAttribute('aria-pressed')).toBe('true')
    await act(() => button('Sales (2)')?.click())
    expect(titles(container)).toEqual(['Deal won', 'Call'])
    expect(button('Sales (2)')?.getAttribute('aria-pressed')).toBe('true')
    await act(() => button('Email (1)')?.click())
    expect(titles(container)).toEqual(['Clicked a link in an email'])
    await act(() => button('All (5)')?.click())
    expect(titles(container)).toHaveLength(5)
  })
})
