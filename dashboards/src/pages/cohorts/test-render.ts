/** Small helpers for the page's unit tests, on top of the shell's `renderInto`. */
import type { ComponentChild } from 'preact'
import { act } from 'preact/test-utils'
import type { Locale } from '../../app/i18n.js'
import { renderInto } from '../../app/testing/render.js'

/** Renders a component in a language at the page's URL (plus `query`, e.g. '?model=markov'). */
export function renderIn(locale: Locale, node: ComponentChild, query = ''): Promise<HTMLElement> {
  return renderInto(node, { locale, url: `/dashboard/cohorts${query}` })
}

/** Dispatches an event inside act(), so the state it changes is rendered before the next line. */
export function fire(target: Element, event: Event): void {
  act(() => {
    target.dispatchEvent(event)
  })
}

/** The text of every cell in a row, trimmed, non-breaking spaces as spaces. */
export function cellTexts(row: Element): string[] {
  return [...row.querySelectorAll('th, td')].map((cell) =>
    (cell.textContent ?? '').replace(/\u00a0|\u202f/g, ' ').trim(),
  )
}
