/**
 * Test support for the lead pages: renders a component into happy-dom's document in a locale,
 * and answers the read API's requests with hand-made data.
 */
import { type ComponentChild, render } from 'preact'
import { act } from 'preact/test-utils'
import { vi } from 'vitest'
import { type Locale, setLocaleForTest } from '../../app/i18n.js'

export interface Rendered {
  container: HTMLElement
  unmount(): void
}

/** Renders `vnode` in `locale`, effects flushed. */
export async function renderIn(vnode: ComponentChild, locale: Locale = 'en'): Promise<Rendered> {
  setLocaleForTest(locale)
  const container = document.createElement('div')
  document.body.append(container)
  await act(() => {
    render(vnode, container)
  })
  return {
    container,
    unmount() {
      render(null, container)
      container.remove()
    },
  }
}

/** Lets pending fetches and timers' promises settle, then flushes the renders they cause. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
  }
}

/** A JSON response of the read API. */
export function reply(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

/**
 * Replaces `fetch` with a read API whose `answers[path]` (path after `/api/v1/`) give the body of
 * a 200 or a whole Response, and records the URLs asked for.
 */
export function stubApi(answers: Record<string, (url: URL) => unknown>): URL[] {
  const asked: URL[] = []
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href)
    asked.push(url)
    const answer = answers[url.pathname.replace(/^\/api\/v1\//, '')]?.(url)
    if (answer === undefined) return reply({ error: 'not stubbed' }, 500)
    return answer instanceof Response ? answer : reply(answer)
  })
  return asked
}
