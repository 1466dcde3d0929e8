// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { setMe } from '../../app/me.js'
import { messageProblems } from '../../app/testing/messages.js'
import { renderInto, settle } from '../../app/testing/render.js'
import { SalesActions } from './sales-actions.js'
import { salesActionsMessages } from './sales-actions-messages.js'

let container: HTMLElement | undefined
const original = globalThis.fetch
afterEach(() => {
  if (container) render(null, container)
  globalThis.fetch = original
  setMe(undefined)
})

/** Answers the decision endpoint with `status` and records what was posted. */
function fakeDecisions(status = 202, body: unknown = { accepted: 1, recordId: 'lh-decision-1' }) {
  const posted: { url: string; method: string; body: unknown }[] = []
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    posted.push({
      url: String(input),
      method: init?.method ?? 'GET',
      body: JSON.parse(String(init?.body)),
    })
    return new Response(JSON.stringify(body), { status })
  }) as typeof fetch
  return posted
}

async function open(role: 'read' | 'sales' | 'admin', locale: 'en' | 'de' = 'en') {
  if (container) render(null, container)
  setMe({ role, name: 'Anna Berger' })
  container = await renderInto(<SalesActions email="ada@acme.test" />, { locale })
  return container
}

function submit(form: Element | null | undefined) {
  return act(() => {
    form?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
  })
}

const forms = () => [...(container?.querySelectorAll('form') ?? [])]
const outcome = () => container?.querySelector('.sales-outcome')

describe('SalesActions', () => {
  it('shows nothing to a read session, and the three actions to sales and admin', async () => {
    expect((await open('read')).textContent).toBe('')
    for (const role of ['sales', 'admin'] as const) {
      await open(role)
      expect(container?.querySelector('h2')?.textContent).toBe('Sales decision')
      expect(
        [...(container?.querySelectorAll('button') ?? [])].map((button) => button.textContent),
      ).toEqual(['Accept (SQL)', 'Reject', 'Reassign'])
    }
  })

  it('labels every control, and offers the reasons in German too', async () => {
    await open('sales', 'de')
    for (const control of container?.querySelectorAll('select, input') ?? [])
      expect(container?.querySelector(`label[for="${control.id}"]`)?.textContent).toBeTruthy()
    const options = [...(container?.querySelectorAll('option') ?? [])].map((o) => o.textContent)
    expect(options).toContain('Kein Budget')
    expect(options).toHaveLength(9)
  })

  it('accepts, and confirms the write will show after the next build', async () => {
    const posted = fakeDecisions()
    await open('sales')
    await submit(forms()[0])
    await settle()
    expect(posted).toEqual([
      {
        url: '/api/v1/leads/decision',
        method: 'POST',
        body: { email: 'ada@acme.test', decision: 'accept' },
      },
    ])
    expect(outcome()?.getAttribute('role')).toBe('status')
    expect(outcome()?.textContent).toBe('Accepted: recorded; visible after the next build.')
  })

  it('rejects only with a reason, and sends the reason chosen', async () => {
    const posted = fakeDecisions()
    await open('sales')
    await submit(forms()[1])
    expect(posted).toEqual([])
    expect(outcome()?.getAttribute('role')).toBe('alert')
    expect(outcome()?.textContent).toBe('Choose a reason to reject the lead.')
    const select = container?.querySelector('select') as HTMLSelectElement
    await act(() => {
      select.value = 'no_budget'
      select.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await submit(forms()[1])
    await settle()
    expect(posted.map((post) => post.body)).toEqual([
      { email: 'ada@acme.test', decision: 'reject', reason: 'no_budget' },
    ])
    expect(outcome()?.textContent).toBe(
      'Rejected (No budget): recorded; visible after the next build.',
    )
  })

  it('reassigns to the owner typed, and names the refusal when the API refuses', async () => {
    const posted = fakeDecisions(400, {
      error: { code: 'invalid_decision', message: 'owner: is required', field: 'owner' },
    })
    await open('admin')
    const input = container?.querySelector('input') as HTMLInputElement
    await act(() => {
      input.value = '  Ben Ott '
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await submit(forms()[2])
    await settle()
    expect(posted.map((post) => post.body)).toEqual([
      { email: 'ada@acme.test', decision: 'reassign', owner: 'Ben Ott' },
    ])
    expect(outcome()?.getAttribute('role')).toBe('alert')
    expect(outcome()?.textContent).toBe('Not recorded: owner: is required')
  })

  it('has every string in English and German', () => {
    expect(messageProblems(salesActionsMessages)).toEqual([])
  })
})
