import { afterEach, describe, expect, it } from 'vitest'
import { ProfileSwitch } from './cohorts-page.js'
import { fire, renderIn } from './test-render.js'

describe('ProfileSwitch', () => {
  afterEach(() => window.history.replaceState(null, '', '/'))

  it('marks the shown profile pressed and puts the other in the URL', async () => {
    const root = await renderIn('en', <ProfileSwitch value="scores" />, '?from=2026-01-01')
    const [scores, temperatures] = [...root.querySelectorAll('button')]
    if (!scores || !temperatures) throw new Error('no buttons')
    expect(scores.getAttribute('aria-pressed')).toBe('true')
    expect(temperatures.getAttribute('aria-pressed')).toBe('false')
    fire(temperatures, new MouseEvent('click', { bubbles: true }))
    const query = new URLSearchParams(window.location.search)
    expect(query.get('profile')).toBe('temperatures')
    expect(query.get('from')).toBe('2026-01-01')
  })
})
