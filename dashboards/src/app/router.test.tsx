import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import {
  filterParams,
  filtersFrom,
  getQuery,
  Link,
  linkHref,
  navigate,
  setQuery,
  syncLocation,
  useFilters,
  useQuery,
} from './router.js'
import { renderInto } from './testing/render.js'

describe('router', () => {
  afterEach(() => {
    history.replaceState(null, '', '/dashboard')
    syncLocation()
  })

  it('defaults the period to the last 30 days of data, else of today', () => {
    expect(filtersFrom({}, '2026-10-31')).toEqual({ from: '2026-10-02', to: '2026-10-31' })
    expect(filtersFrom({ from: 'yesterday', to: '2026-10-31' }, undefined)).toEqual({
      from: '2026-10-02',
      to: '2026-10-31',
    })
    const fallback = filtersFrom({}, undefined)
    expect(fallback.to).toBe(new Date().toISOString().slice(0, 10))
  })

  it('reads from, to, site and channel from the query, a backwards range not taken', () => {
    expect(
      filtersFrom({ from: '2026-09-01', to: '2026-09-30', site: 'acme', channel: 'email' }, 'x'),
    ).toEqual({ from: '2026-09-01', to: '2026-09-30', site: 'acme', channel: 'email' })
    expect(filtersFrom({ from: '2026-10-01', to: '2026-09-30' }, undefined).from).toBe('2026-09-01')
  })

  it('makes API parameters of the filters and the extra keys, leaving out empty ones', () => {
    expect(
      filterParams(
        { from: '2026-09-01', to: '2026-09-30', site: 'acme' },
        { page: 2, q: '', sort: undefined },
      ),
    ).toEqual({ from: '2026-09-01', to: '2026-09-30', site: 'acme', page: '2' })
  })

  it('sets query keys with pushState, keeping the others, and re-renders readers', async () => {
    function Reader() {
      const query = useQuery()
      const filters = useFilters()
      return <p>{`${query.sort ?? '-'} ${filters.site ?? '-'}`}</p>
    }
    const container = await renderInto(<Reader />, { url: '/dashboard/funnel?site=acme' })
    const before = history.length
    await act(() => setQuery({ sort: 'lead', site: undefined }))
    expect(location.pathname).toBe('/dashboard/funnel')
    expect(getQuery()).toEqual({ sort: 'lead' })
    expect(history.length).toBe(before + 1)
    expect(container.textContent).toBe('lead -')
  })

  it('carries the common filters to another page, not the page’s own keys', async () => {
    await renderInto(<p />, {
      url: '/dashboard/funnel?from=2026-09-01&to=2026-09-30&site=acme&sort=lead',
    })
    expect(linkHref('/dashboard/leads', { q: 'ada' })).toBe(
      '/dashboard/leads?from=2026-09-01&to=2026-09-30&site=acme&q=ada',
    )
    expect(linkHref('channels', { site: undefined })).toBe(
      '/dashboard/channels?from=2026-09-01&to=2026-09-30',
    )
    navigate('/dashboard/leads/detail', { email: 'ada@example.com' })
    expect(location.pathname).toBe('/dashboard/leads/detail')
    expect(getQuery().email).toBe('ada@example.com')
  })

  it('renders Link as a real link, marks the current page and navigates on a plain click', async () => {
    const container = await renderInto(
      <nav>
        <Link path="/dashboard">Overview</Link>
        <Link path="/dashboard/funnel" class="nav-link">
          Funnel
        </Link>
      </nav>,
      { url: '/dashboard?site=acme' },
    )
    const [overview, funnel] = [...container.querySelectorAll('a')]
    expect(overview?.getAttribute('aria-current')).toBe('page')
    expect(funnel?.getAttribute('href')).toBe('/dashboard/funnel?site=acme')
    expect(funnel?.getAttribute('aria-current')).toBeNull()
    await act(() => {
      funnel?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }))
    })
    expect(location.pathname).toBe('/dashboard/funnel')
    expect(funnel?.getAttribute('aria-current')).toBe('page')
    expect(overview?.getAttribute('aria-current')).toBeNull()
  })
})
