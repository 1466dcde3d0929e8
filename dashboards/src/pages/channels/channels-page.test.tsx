import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type FakeApi,
  fakeApi,
  fire,
  renderInto,
  sampleMeta,
  settle,
} from '../../app/testing/render.js'
import { ChannelsPage } from './channels-page.js'
import { channelsData, compareData, pathsData } from './test-data.js'

const allModels = {
  ...sampleMeta,
  models: ['first_touch', 'last_touch', 'linear', 'markov', 'shapley'],
}

describe('ChannelsPage', () => {
  let api: FakeApi | undefined
  // A page left mounted would fetch again when a later test changes the URL.
  afterEach(() => {
    act(() => {
      for (const root of document.body.children) render(null, root)
    })
    api?.restore()
  })

  it('asks for the model and conversion in the URL, and shows the three views', async () => {
    api = fakeApi({
      channels: (params: URLSearchParams) => ({ ...channelsData, model: params.get('model') }),
      'attribution/compare': compareData,
      paths: pathsData,
    })
    const root = await renderPage(
      '?from=2026-11-01&to=2026-11-30&site=acme&channel=email&model=markov&conversion=customer',
    )
    await settle()
    expect(api.requests).toContain(
      '/api/v1/channels?from=2026-11-01&to=2026-11-30&site=acme&model=markov',
    )
    expect(api.requests).toContain(
      '/api/v1/attribution/compare?from=2026-11-01&to=2026-11-30&site=acme&conversion=customer',
    )
    expect(api.requests).toContain(
      '/api/v1/paths?from=2026-11-01&to=2026-11-30&site=acme&conversion=customer',
    )
    const captions = [...root.querySelectorAll('caption')].map((caption) => caption.textContent)
    expect(captions).toEqual([
      'Spend and results per channel, Markov chain attribution',
      'Credit per channel and attribution model, Customer conversions',
      'Conversion paths to Lead, most common first',
    ])
    expect(root.querySelector('svg')).not.toBeNull()
  })

  it('fetches the channels again under the model chosen in the switch', async () => {
    api = fakeApi({
      channels: (params: URLSearchParams) => ({ ...channelsData, model: params.get('model') }),
      'attribution/compare': compareData,
      paths: pathsData,
    })
    const root = await renderPage('?from=2026-11-01&to=2026-11-30')
    await settle()
    const select = root.querySelector<HTMLSelectElement>('select')
    if (!select) throw new Error('no model switch')
    expect(select.value).toBe('linear')
    select.value = 'shapley'
    fire(select, new Event('change', { bubbles: true }))
    await settle()
    expect(new URLSearchParams(window.location.search).get('model')).toBe('shapley')
    expect(api.requests.at(-1)).toBe('/api/v1/channels?from=2026-11-01&to=2026-11-30&model=shapley')
    expect(root.querySelector('caption')?.textContent).toBe(
      'Spend and results per channel, Shapley value attribution',
    )
  })

  it('says to build the models before their first build', async () => {
    api = fakeApi({})
    const root = await renderInto(<ChannelsPage />, {
      url: '/dashboard/channels',
      meta: { ...allModels, builtAt: null, dataRange: null },
    })
    await settle()
    expect(root.textContent).toContain('pnpm models build')
    expect(root.querySelector('table')).toBeNull()
  })

  it('says what to do when there is nothing to show', async () => {
    api = fakeApi({
      channels: { currency: 'EUR', model: 'linear', channels: [], unmatchedSpend: 0 },
      'attribution/compare': { conversion: 'lead', models: [], rows: [] },
      paths: { conversion: 'lead', rows: [] },
    })
    const root = await renderPage('?from=2026-11-01&to=2026-11-30', 'de')
    await settle()
    const text = root.textContent ?? ''
    expect(text).toContain('Keine Kanaldaten in diesem Zeitraum')
    expect(text).toContain('Keine Conversions vom Typ Lead in diesem Zeitraum')
    expect(text).toContain('Keine Conversion-Pfade in diesem Zeitraum')
  })
})

/** The page at its URL with `query`, meta offering five models. */
function renderPage(query: string, locale: 'en' | 'de' = 'en') {
  return renderInto(<ChannelsPage />, {
    locale,
    url: `/dashboard/channels${query}`,
    meta: allModels,
  })
}
