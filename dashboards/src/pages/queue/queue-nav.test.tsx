// @vitest-environment happy-dom
import { render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import { Header } from '../../app/frame/header.js'
import { setMe } from '../../app/me.js'
import { renderInto } from '../../app/testing/render.js'

let container: HTMLElement | undefined
afterEach(() => {
  if (container) render(null, container)
  setMe(undefined)
})

const navTexts = () =>
  [...(container?.querySelectorAll('nav a') ?? [])].map((link) => link.textContent)

describe('the MQL queue in the navigation', () => {
  it('is listed for sales and admin sessions only', async () => {
    for (const [role, listed] of [
      ['sales', true],
      ['admin', true],
      ['read', false],
    ] as const) {
      if (container) render(null, container)
      setMe({ role, name: 'Anna Berger' })
      container = await renderInto(<Header />)
      expect(navTexts().includes('MQL queue'), role).toBe(listed)
    }
    if (container) render(null, container)
    setMe(undefined)
    container = await renderInto(<Header />, { locale: 'de' })
    expect(navTexts()).not.toContain('MQL-Warteschlange')
  })
})
