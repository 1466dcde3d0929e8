import { beforeEach, describe, expect, it, vi } from 'vitest'

async function fresh() {
  vi.resetModules()
  const storage = await import('./storage.js')
  storage.allow(true)
  return import('./identity.js')
}

describe('identity', () => {
  beforeEach(() => localStorage.clear())

  it('keeps one anonymous id per visitor', async () => {
    const { visitorIds } = await fresh()
    const { a } = visitorIds(Date.now())
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect((await fresh()).visitorIds(Date.now()).a).toBe(a)
    expect(localStorage.getItem('lh_id')).toMatch(new RegExp(`^${a}\\.`))
  })

  it('keeps the session while events come within 30 minutes, then starts a new one', async () => {
    const { visitorIds } = await fresh()
    const SESSION_TIMEOUT_MS = 30 * 60_000
    const start = Date.UTC(2026, 10, 23, 9)
    const first = visitorIds(start)
    expect(visitorIds(start + SESSION_TIMEOUT_MS - 1).sid).toBe(first.sid)
    expect(visitorIds(start + 2 * SESSION_TIMEOUT_MS - 2).sid).toBe(first.sid)
    const later = visitorIds(start + 3 * SESSION_TIMEOUT_MS)
    expect(later.sid).not.toBe(first.sid)
    expect(later.a).toBe(first.a)
  })

  it('forgets the visitor on reset', async () => {
    const { forgetIdentity, visitorIds } = await fresh()
    const before = visitorIds(Date.now())
    forgetIdentity()
    expect(localStorage.getItem('lh_id')).toBeNull()
    const after = visitorIds(Date.now())
    expect(after.a).not.toBe(before.a)
    expect(after.sid).not.toBe(before.sid)
  })
})
