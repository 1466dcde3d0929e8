/**
 * For the components' and pages' tests (happy-dom): render into a fresh container in a locale
 * and at a URL, with `/api/v1/...` answered by hand-made data.
 */
import { type ComponentChild, render } from 'preact'
import { act } from 'preact/test-utils'
import type { MetaResponse } from '../../api/types.js'
import { type Locale, setLocale } from '../i18n.js'
import { setMeta } from '../meta.js'
import { syncLocation } from '../router.js'

/** Meta as after a model build: two sites, a few channels, 90 days of data. */
export const sampleMeta: MetaResponse = {
  sites: ['site-a', 'site-b'],
  channels: ['direct', 'organic_search', 'paid_search', 'email'],
  models: ['first_touch', 'last_touch', 'linear'],
  currency: 'EUR',
  dataRange: { from: '2026-09-01', to: '2026-11-30' },
  builtAt: '2026-12-01T06:00:00Z',
}

export interface RenderOptions {
  locale?: Locale
  /** The URL to be at, e.g. '/dashboard/funnel?from=2026-11-01&to=2026-11-30'. */
  url?: string
  /** The shared meta answer; `sampleMeta` when not given, none with null. */
  meta?: MetaResponse | null
}

/** The container of the last `renderInto`, unmounted by the next one. */
let previous: HTMLElement | undefined

/**
 * Renders `node` and waits for effects; returns the container (attached to document.body). The
 * previous render is unmounted first, so its effects are cleaned up (its listeners and timers
 * cannot act on the next test's page).
 */
export async function renderInto(node: ComponentChild, options: RenderOptions = {}) {
  const last = previous
  if (last)
    await act(() => {
      render(null, last)
    })
  setLocale(options.locale ?? 'en')
  setMeta(options.meta === null ? undefined : (options.meta ?? sampleMeta))
  history.replaceState(null, '', options.url ?? '/dashboard')
  syncLocation()
  const container = document.createElement('div')
  document.body.replaceChildren(container)
  previous = container
  await act(() => {
    render(node, container)
  })
  return container
}

/**
 * A page's `renderIn(locale, node, query)`: `renderInto` in a language at the page's URL
 * (`path`, e.g. '/dashboard/channels') plus `query` (e.g. '?model=markov').
 */
export function pageRenderer(path: string) {
  return (locale: Locale, node: ComponentChild, query = ''): Promise<HTMLElement> =>
    renderInto(node, { locale, url: `${path}${query}` })
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

/** Lets pending fetches and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round += 1)
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
}

export interface FakeApi {
  /** The URLs asked for, in order (path and query, e.g. '/api/v1/funnel?from=...'). */
  requests: string[]
  restore(): void
}

/**
 * Answers `fetch('/api/v1/<path>?…')` from `answers` by path (without `/api/v1/`): a value is
 * sent as JSON with 200, a function gets the URL's parameters; `{ status, body }` with
 * `fakeStatus` for errors. Unknown paths answer 404.
 */
/** An answer of `fakeApi`: JSON to send, or a function of the request's parameters. */
export type FakeAnswer =
  | ((params: URLSearchParams) => unknown)
  | object
  | string
  | number
  | boolean
  | null

export function fakeApi(answers: Record<string, FakeAnswer>): FakeApi {
  const original = globalThis.fetch
  const requests: string[] = []
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href)
    requests.push(`${url.pathname}${url.search}`)
    const path = url.pathname.replace(/^\/api\/v1\//, '')
    if (!(path in answers))
      return new Response(JSON.stringify({ error: 'not_found', message: `no ${path}` }), {
        status: 404,
      })
    const answer = answers[path]
    const value = typeof answer === 'function' ? answer(url.searchParams) : answer
    if (value instanceof FakeStatus)
      return new Response(JSON.stringify(value.body), { status: value.status })
    return new Response(JSON.stringify(value), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  }) as typeof fetch
  return {
    requests,
    restore: () => {
      globalThis.fetch = original
    },
  }
}

class FakeStatus {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** An error answer for `fakeApi`, e.g. `fakeStatus(400, { error: 'bad_request', message: '…' })`. */
export function fakeStatus(status: number, body: unknown): FakeStatus {
  return new FakeStatus(status, body)
}
