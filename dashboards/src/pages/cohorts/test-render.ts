/** Renders a component in a language into a fresh container, for the page's unit tests. */
import { type ComponentChild, render } from 'preact'
import { act } from 'preact/test-utils'
import { type Locale, setLocale } from '../../app/i18n.js'

export function renderIn(locale: Locale, node: ComponentChild): HTMLElement {
  setLocale(locale)
  const container = document.createElement('div')
  document.body.replaceChildren(container)
  act(() => {
    render(node, container)
  })
  return container
}

/** Dispatches an event inside act(), so the state it changes is rendered before the next line. */
export function fire(target: Element, event: Event): void {
  act(() => {
    target.dispatchEvent(event)
  })
}

/** The text of every cell in a row, trimmed, for comparing a row at a glance. */
export function cellTexts(row: Element): string[] {
  return [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())
}
