import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiUrl, type Loadable, useApi } from './api.js'
import { fakeApi, fakeStatus, renderInto, settle } from './testing/render.js'

function Probe(props: { path: string; params: Record<string, string | undefined> }) {
  const value: Loadable<{ n: number }> = useApi(props.path, props.params)
  return (
    <p>
      {value.status === 'ready'
        ? `ready ${value.data.n}`
        : value.status === 'error'
          ? `error ${value.message}`
          : 'loading'}
    </p>
  )
}

describe('api', () => {
  let api: ReturnType<typeof fakeApi> | undefined
  afterEach(() => {
    api?.restore()
    vi.restoreAllMocks()
  })

  it('builds the URL of a view, leaving out empty parameters', () => {
    expect(apiUrl('leads', { q: 'a b', page: 2, stage: undefined, sort: '' })).toBe(
      '/api/v1/leads?q=a+b&page=2',
    )
    expect(apiUrl('/meta', {})).toBe('/api/v1/meta')
  })

  it('is loading first, then ready with the answer', async () => {
    api = fakeApi({ funnel: (params) => ({ n: Number(params.get('n')) }) })
    const container = await renderInto(<Probe path="funnel" params={{ n: '7' }} />)
    expect(container.textContent).toBe('loading')
    await settle()
    expect(container.textContent).toBe('ready 7')
    expect(api.requests).toEqual(['/api/v1/funnel?n=7'])
  })

  it('shows the message of a refusal, which names the parameter', async () => {
    api = fakeApi({
      funnel: fakeStatus(400, { error: { code: 'bad_request', message: 'from: not a day' } }),
    })
    const container = await renderInto(<Probe path="funnel" params={{}} />)
    await settle()
    expect(container.textContent).toBe('error from: not a day')
  })

  it('sends the browser to the login page when the session has ended', async () => {
    api = fakeApi({ meta: fakeStatus(401, {}) })
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => {})
    const container = await renderInto(<Probe path="meta" params={{}} />)
    await settle()
    expect(assign).toHaveBeenCalledWith('/login')
    expect(container.textContent).toContain('error')
  })
})
