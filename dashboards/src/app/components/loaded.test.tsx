import { describe, expect, it } from 'vitest'
import type { Loadable } from '../api.js'
import { renderInto } from '../testing/render.js'
import { Loaded } from './loaded.js'

const render = (value: Loadable<number[]>, locale: 'en' | 'de' = 'en') =>
  renderInto(
    <Loaded value={value} isEmpty={(data) => data.length === 0}>
      {(data) => <p class="data">{data.join(',')}</p>}
    </Loaded>,
    { locale },
  )

describe('Loaded', () => {
  it('says it is loading, as a status', async () => {
    const container = await render({ status: 'loading' })
    expect(container.querySelector('[role=status]')?.textContent).toBe('Loading…')
  })

  it('shows an error with its message, a hint and a retry button, as an alert', async () => {
    const container = await render({ status: 'error', message: 'from: not a day' }, 'de')
    const alert = container.querySelector('[role=alert]')
    expect(alert?.textContent).toContain('from: not a day')
    expect(alert?.textContent).toContain('Diese Ansicht konnte nicht geladen werden')
    expect(alert?.querySelector('button')?.textContent).toBe('Erneut versuchen')
  })

  it('says what to do when the data is empty', async () => {
    const container = await render({ status: 'ready', data: [] })
    expect(container.querySelector('.state-empty')?.textContent).toContain('pnpm demo')
    expect(container.querySelector('.data')).toBeNull()
  })

  it('renders the data once it is there', async () => {
    const container = await render({ status: 'ready', data: [1, 2] })
    expect(container.querySelector('.data')?.textContent).toBe('1,2')
  })
})
