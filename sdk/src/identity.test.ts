import { beforeEach, describe, expect, it, vi } from 'vitest'

async function fresh() {
  vi.resetModules()
  const storage = await import('./storage.js')
  storage.storage.on = true
  return import('./identity.js')
}

describe('identity', () => {
  beforeEach(() => localStorage.clear())

  it('keeps one anonymous id per visitor', async () => {
    const { anonymousId } = await fresh()
    const id = anonymousId()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect((await fresh()).anonymousId()).toBe(id)
  })

  it('keeps the session while events come within 30 minutes, then starts a new one', async () => {
    const { sessionId, SESSION_TIMEOUT_MS } = await fresh()
    const start = Date.UTC(2026, 10, 23, 9)
    const first = sessionId(start)
    expect(sessionId(start + SESSION_TIMEOUT_MS - 1)).toBe(first)
    expect(sessionId(start + 2 * SESSION_TIMEOUT_MS - 2)).toBe(first)
    expect(sessionId(start + 3 * SESSION_TIMEOUT_MS)).not.toBe(first)
  })

  it('forgets the visitor on reset', async () => {
    const { anonymousId, forgetIdentity, sessionId } = await fresh()
    const id = anonymousId()
    const session = sessionId(Date.now())
    forgetIdentity()
    expect(anonymousId()).not.toBe(id)
    expect(sessionId(Date.now())).not.toBe(session)
  })
})
