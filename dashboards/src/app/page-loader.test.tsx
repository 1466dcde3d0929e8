import type { JSX } from 'preact'
import { describe, expect, it } from 'vitest'
import { loadPage, usePage } from './page-loader.js'
import type { Route } from './routes.js'
import { renderInto, settle } from './testing/render.js'

const Page = (): JSX.Element => <p>the page</p>

function route(path: string, load: Route['load']): Route {
  return { path, title: 'nav.overview', load, channelFilter: false }
}

function Show(props: { route: Route }): JSX.Element {
  const state = usePage(props.route)
  if (state?.status !== 'ready') return <p>{state?.status}</p>
  const Loaded = state.page
  return <Loaded />
}

describe('usePage', () => {
  it('loads a page once, loading first, then ready at once on the next visit', async () => {
    let loads = 0
    const chunk = route('/test/once', async () => {
      loads += 1
      return Page
    })
    const container = await renderInto(<Show route={chunk} />)
    expect(container.textContent).toBe('loading')
    await settle()
    expect(container.textContent).toBe('the page')
    const again = await renderInto(<Show route={chunk} />)
    expect(again.textContent).toBe('the page')
    expect(loads).toBe(1)
  })

  it('says so when the chunk does not arrive, and asks again the next time', async () => {
    let fail = true
    const chunk = route('/test/fails', async () => {
      if (fail) throw new Error('chunk gone')
      return Page
    })
    const container = await renderInto(<Show route={chunk} />)
    await settle()
    expect(container.textContent).toBe('error')
    fail = false
    expect(await loadPage(chunk)).toBe(Page)
  })
})
