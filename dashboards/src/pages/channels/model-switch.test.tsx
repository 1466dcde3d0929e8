import { afterEach, describe, expect, it } from 'vitest'
import { fire, pageRenderer } from '../../app/testing/render.js'
import { ConversionSwitch, ModelSwitch } from './model-switch.js'

const renderIn = pageRenderer('/dashboard/channels')

const select = (root: HTMLElement) => {
  const element = root.querySelector('select')
  if (!element) throw new Error('no select')
  return element
}

describe('ModelSwitch', () => {
  afterEach(() => window.history.replaceState(null, '', '/'))

  it('offers the models by name, labelled, in the reader’s language', async () => {
    const root = await renderIn(
      'de',
      <ModelSwitch models={['first_touch', 'markov', 'x_custom']} value="markov" />,
    )
    const element = select(root)
    expect(root.querySelector(`label[for="${element.id}"]`)?.textContent).toBe('Attributionsmodell')
    expect([...element.options].map((option) => option.textContent)).toEqual([
      'Erster Kontakt',
      'Markow-Kette',
      'x_custom',
    ])
    expect(element.value).toBe('markov')
  })

  it('puts the chosen model in the URL and keeps the other query keys', async () => {
    const root = await renderIn(
      'en',
      <ModelSwitch models={['first_touch', 'linear', 'shapley']} value="linear" />,
      '?from=2026-11-01&site=web',
    )
    const element = select(root)
    element.value = 'shapley'
    fire(element, new Event('change', { bubbles: true }))
    const query = new URLSearchParams(window.location.search)
    expect(window.location.pathname).toBe('/dashboard/channels')
    expect(query.get('model')).toBe('shapley')
    expect(query.get('from')).toBe('2026-11-01')
    expect(query.get('site')).toBe('web')
  })
})

describe('ConversionSwitch', () => {
  afterEach(() => window.history.replaceState(null, '', '/'))

  it('puts the chosen conversion in the URL', async () => {
    const root = await renderIn('en', <ConversionSwitch value="lead" />, '?model=markov')
    const element = select(root)
    expect([...element.options].map((option) => option.value)).toEqual([
      'lead',
      'mql',
      'sql',
      'opportunity',
      'customer',
    ])
    element.value = 'customer'
    fire(element, new Event('change', { bubbles: true }))
    const query = new URLSearchParams(window.location.search)
    expect(query.get('conversion')).toBe('customer')
    expect(query.get('model')).toBe('markov')
  })
})
