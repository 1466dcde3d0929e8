// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { QueueResponse, QueueRow } from '../../api/types.js'
import { setMe } from '../../app/me.js'
import { messageProblems } from '../../app/testing/messages.js'
import { type FakeApi, fakeApi, renderInto, settle } from '../../app/testing/render.js'
import { messages } from './messages.js'
import { QueuePage } from './queue-page.js'

let container: HTMLElement | undefined
let api: FakeApi | undefined
afterEach(() => {
  if (container) render(null, container)
  api?.restore()
  setMe(undefined)
})

const row = (email: string, extra: Partial<QueueRow> = {}): QueueRow => ({
  email,
  name: null,
  company: null,
  score: 72.5,
  temperature: 'warm',
  trafficLight: 'yellow',
  owner: 'Anna Berger',
  mqlAt: '2026-11-02T09:30:00.000Z',
  firstTouchChannel: 'paid_search',
  ...extra,
})

function answer(rows: QueueRow[], total = rows.length, page = 1): QueueResponse {
  return { rows, total, page, pageSize: 50 }
}

async function open(
  role: 'read' | 'sales' | 'admin',
  url = '/dashboard/queue',
  locale: 'en' | 'de' = 'en',
) {
  // The previous tree goes first: mounted, it would fetch again when the URL changes.
  if (container) render(null, container)
  setMe({ role, name: 'Anna Berger' })
  container = await renderInto(<QueuePage />, { url, locale })
  await settle()
  return container
}

describe('QueuePage', () => {
  it('asks for the caller’s own MQLs for sales, all of them for admin', async () => {
    api = fakeApi({ queue: answer([]) })
    await open('sales')
    await open('admin')
    expect(api.requests).toEqual([
      '/api/v1/queue?mine=1&page=1&pageSize=50',
      '/api/v1/queue?mine=0&page=1&pageSize=50',
    ])
  })

  it('lists each MQL with a link to the lead, visitor values as text', async () => {
    api = fakeApi({
      queue: answer(
        [
          row('ada@acme.test', { name: '<b>Ada</b>', company: 'Acme' }),
          row('bo@x.test', { owner: null }),
        ],
        120,
      ),
    })
    await open('sales')
    expect(container?.querySelector('caption')?.textContent).toBe('MQLs waiting, 1–2 of 120')
    const link = container?.querySelector('a.lead-link') as HTMLAnchorElement
    expect(link.getAttribute('href')).toBe('/dashboard/leads/detail?email=ada%40acme.test')
    expect(container?.querySelector('tbody b')).toBeNull()
    expect(container?.querySelector('tbody')?.textContent).toContain('<b>Ada</b>')
    const cells = [...(container?.querySelectorAll('tbody tr:nth-child(2) td') ?? [])].map(
      (cell) => cell.textContent,
    )
    expect(cells).toContain('–')
    expect(container?.querySelector('.pagination')?.textContent).toContain('Page 1 of 3')
  })

  it('switches between my leads and all with the keyboard-operable radios, back to page 1', async () => {
    api = fakeApi({ queue: (params) => answer([], 0, Number(params.get('page'))) })
    await open('sales', '/dashboard/queue?page=3')
    expect(container?.textContent).toContain('No MQL is waiting for you.')
    const all = container?.querySelector('input[value="0"]') as HTMLInputElement
    await act(() => {
      all.checked = true
      all.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await settle()
    expect(location.search).toBe('?mine=0')
    expect(api.requests.at(-1)).toBe('/api/v1/queue?mine=0&page=1&pageSize=50')
    expect(container?.textContent).toContain('Every MQL has a decision.')
  })

  it('tells a read session the queue is not theirs, in German too', async () => {
    api = fakeApi({})
    await open('read', '/dashboard/queue', 'de')
    expect(container?.querySelector('h1')?.textContent).toBe('MQL-Warteschlange')
    expect(container?.textContent).toContain(
      'Die MQL-Warteschlange ist für Vertriebs- und Admin-Schlüssel.',
    )
    expect(api.requests).toEqual([])
  })

  it('has every string in English and German', () => {
    expect(messageProblems(messages)).toEqual([])
  })
})
