// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertRow, AlertsResponse } from '../../api/types.js'
import { Header } from '../../app/frame/header.js'
import { setMe } from '../../app/me.js'
import { messageProblems } from '../../app/testing/messages.js'
import { renderInto, settle } from '../../app/testing/render.js'
import { AlertsPage } from './alerts-page.js'
import { messages } from './messages.js'

let container: HTMLElement | undefined
const original = globalThis.fetch
afterEach(() => {
  if (container) render(null, container)
  globalThis.fetch = original
  setMe(undefined)
})

const dead = (extra: Partial<AlertRow> = {}): AlertRow => ({
  alert_id: 'a1',
  state: 'dead',
  email: 'ada@acme.test',
  trigger: 'became_mql',
  owner: 'Anna Berger',
  team: 'emea',
  triggered_at: '2026-12-07T10:00:00.000Z',
  queued_at: '2026-12-07T10:00:02.000Z',
  deliveries: {
    webhook: {
      state: 'dead',
      attempts: 20,
      next_attempt_at: null,
      delivered_at: null,
      last_error: '<b>connect ECONNREFUSED</b>',
    },
  },
  ...extra,
})

const delivered: AlertRow = dead({
  alert_id: 'b2',
  state: 'delivered',
  email: 'bo@x.test',
  trigger: 'score_jump',
  team: '',
  deliveries: {
    slack: {
      state: 'delivered',
      attempts: 1,
      next_attempt_at: null,
      delivered_at: '2026-12-07T10:00:03.000Z',
      last_error: null,
    },
  },
})

/**
 * The alerts API as the collector answers it: GET lists `alerts` (by `?state`), POST resend
 * answers `resend` (status and body) and, on 200, makes the alert pending. Records every call.
 */
function fakeOutbox(alerts: AlertRow[], resend = { status: 200, body: {} as unknown }) {
  const calls: { method: string; url: string; body?: unknown }[] = []
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href)
    const method = init?.method ?? 'GET'
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    calls.push({ method, url: `${url.pathname}${url.search}`, ...(body ? { body } : {}) })
    if (method === 'POST') {
      if (resend.status === 200)
        for (const alert of alerts)
          if (alert.alert_id === body.alert_id) {
            alert.state = 'pending'
            for (const delivery of Object.values(alert.deliveries))
              Object.assign(delivery, {
                state: 'pending',
                attempts: 0,
                next_attempt_at: '2026-12-07T11:00:00.000Z',
              })
          }
      return new Response(JSON.stringify(resend.body), { status: resend.status })
    }
    const state = url.searchParams.get('state')
    const listed = alerts.filter((alert) => !state || alert.state === state)
    return new Response(JSON.stringify({ alerts: listed } satisfies AlertsResponse))
  }) as typeof fetch
  return calls
}

async function open(
  role: 'read' | 'sales' | 'admin',
  url = '/dashboard/alerts',
  locale: 'en' | 'de' = 'en',
) {
  if (container) render(null, container)
  setMe({ role, name: 'Anna Berger' })
  container = await renderInto(<AlertsPage />, { url, locale })
  await settle()
  return container
}

const click = (element: Element | null | undefined) =>
  act(() => {
    ;(element as HTMLElement).click()
  })
const buttons = () => [...(container?.querySelectorAll('button') ?? [])]
const button = (text: string) => buttons().find((b) => b.textContent === text)

describe('AlertsPage', () => {
  it('lists the outbox with dead letters marked and counted, values from outside as text', async () => {
    const calls = fakeOutbox([dead(), delivered])
    await open('sales')
    expect(calls).toEqual([{ method: 'GET', url: '/api/v1/alerts?limit=200' }])
    expect(container?.querySelector('caption')?.textContent).toBe('Alerts, newest first: 2 shown')
    expect(container?.querySelector('.dead-notice')?.textContent).toContain(
      '1 dead letter among these alerts',
    )
    const rows = [...(container?.querySelectorAll('tbody tr') ?? [])]
    const first = rows[0]?.textContent ?? ''
    expect(rows[0]?.querySelector('.alert-state-dead')?.textContent).toBe('✖ Dead letter')
    expect(first).toContain('Became an MQL')
    expect(first).toContain('Anna Berger / emea')
    expect(first).toContain('Webhook: Dead letter · 20 attempts')
    expect(first).toContain('last error: <b>connect ECONNREFUSED</b>')
    expect(container?.querySelector('tbody b')).toBeNull()
    const link = rows[0]?.querySelector('a.lead-link')
    expect(link?.getAttribute('href')).toBe('/dashboard/leads/detail?email=ada%40acme.test')
    expect(rows[1]?.textContent).toContain('Score jump')
    expect(rows[1]?.textContent).toContain('Anna Berger / no team')
    expect(rows[1]?.textContent).toMatch(/Slack: Delivered · 1 attempt · delivered Dec 7, 2026/)
    // Sales sees the dead letter but may not resend it.
    expect(container?.querySelector('.resend-start')).toBeNull()
    expect(first).toContain('An admin key can resend it.')
  })

  it('filters by state with the keyboard-operable radios and the notice’s button', async () => {
    const calls = fakeOutbox([dead(), delivered])
    await open('sales')
    await click(button('Show only dead letters'))
    await settle()
    expect(location.search).toBe('?state=dead')
    expect(calls.at(-1)?.url).toBe('/api/v1/alerts?state=dead&limit=200')
    expect(container?.querySelectorAll('tbody tr')).toHaveLength(1)
    const pending = container?.querySelector('input[value="pending"]') as HTMLInputElement
    await act(() => {
      pending.checked = true
      pending.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await settle()
    expect(calls.at(-1)?.url).toBe('/api/v1/alerts?state=pending&limit=200')
    expect(container?.textContent).toContain('Nothing waiting to be sent.')
  })

  it('resends a dead letter for an admin after a confirmation, then shows it pending', async () => {
    const calls = fakeOutbox([dead(), delivered], {
      status: 200,
      body: { alert_id: 'a1', state: 'pending', resent: ['webhook'] },
    })
    await open('admin')
    const start = container?.querySelector('.resend-start')
    expect(start?.getAttribute('aria-label')).toBe('Resend the alert for ada@acme.test')
    await click(start)
    expect(document.activeElement?.textContent).toBe('Resend')
    expect(container?.querySelector('.resend-confirm')?.textContent).toContain(
      'Send it again to Webhook? The receiver gets the same alert id',
    )
    // Cancel leaves it as it was; nothing is sent.
    await click(button('Cancel'))
    expect(container?.querySelector('.resend-confirm')).toBeNull()
    expect(document.activeElement).toBe(container?.querySelector('.resend-start'))
    await click(container?.querySelector('.resend-start'))
    await click(button('Resend'))
    await settle()
    expect(calls.filter((call) => call.method === 'POST')).toEqual([
      { method: 'POST', url: '/api/v1/alerts/resend', body: { alert_id: 'a1' } },
    ])
    const notice = container?.querySelector('.resend-notice')
    expect(notice?.textContent).toBe('Resent: pending again for Webhook.')
    expect(document.activeElement).toBe(notice)
    expect(calls.at(-1)).toEqual({ method: 'GET', url: '/api/v1/alerts?limit=200' })
    const row = container?.querySelector('tbody tr')
    expect(row?.querySelector('.alert-state')?.textContent).toBe('◷ Pending')
    expect(row?.textContent).toContain('Webhook: Pending · 0 attempts · next attempt')
    expect(container?.querySelector('.dead-notice')).toBeNull()
  })

  it('shows the server’s refusal of a resend', async () => {
    fakeOutbox([dead()], {
      status: 409,
      body: { error: { code: 'not_dead', message: 'alert_id: alert "a1" is pending, not dead' } },
    })
    await open('admin')
    await click(container?.querySelector('.resend-start'))
    await click(button('Resend'))
    await settle()
    const outcome = container?.querySelector('.resend-outcome')
    expect(outcome?.getAttribute('role')).toBe('alert')
    expect(outcome?.textContent).toBe('Not resent: alert_id: alert "a1" is pending, not dead')
  })

  it('says where alerts are configured when there are none, in German too', async () => {
    fakeOutbox([])
    await open('admin', '/dashboard/alerts', 'de')
    expect(container?.querySelector('h1')?.textContent).toBe('Benachrichtigungen')
    expect(container?.querySelector('.state-empty')?.textContent).toContain('docs/hand-over.md')
  })

  it('tells a read session alerts are not theirs, and asks nothing', async () => {
    const calls = fakeOutbox([dead()])
    await open('read')
    expect(container?.textContent).toContain('Alerts are for sales and admin keys.')
    expect(calls).toEqual([])
  })

  it('is in the navigation for sales and admin sessions only', async () => {
    for (const [role, listed] of [
      ['sales', true],
      ['admin', true],
      ['read', false],
    ] as const) {
      if (container) render(null, container)
      setMe({ role, name: 'Anna Berger' })
      container = await renderInto(<Header />)
      const nav = [...container.querySelectorAll('nav a')].map((link) => link.textContent)
      expect(nav.includes('Alerts'), role).toBe(listed)
    }
  })

  it('has every string in English and German', () => {
    expect(messageProblems(messages)).toEqual([])
  })
})
