import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

async function freshStorage() {
  vi.resetModules()
  return import('./storage.js')
}

describe('first-party storage', () => {
  beforeEach(() => {
    localStorage.clear()
    for (const cookie of document.cookie.split('; ')) {
      // biome-ignore lint/suspicious/noDocumentCookie: clearing what the SDK's cookie fallback wrote
      document.cookie = `${cookie.split('=')[0]}=;max-age=0`
    }
  })
  afterEach(() => vi.unstubAllGlobals())

  it('writes to localStorage only while on, but always deletes', async () => {
    const { load, save, allow } = await freshStorage()
    save('lh_x', 'kept in memory')
    expect(localStorage.getItem('lh_x')).toBeNull()
    expect(load('lh_x')).toBe('kept in memory')
    allow(true)
    save('lh_x', 'stored')
    expect(localStorage.getItem('lh_x')).toBe('stored')
    allow(false)
    save('lh_x')
    expect(localStorage.getItem('lh_x')).toBeNull()
    expect(load('lh_x')).toBeUndefined()
  })

  it('falls back to a first-party cookie when localStorage is blocked', async () => {
    vi.stubGlobal('localStorage', undefined)
    const { load, save, allow } = await freshStorage()
    allow(true)
    save('lh_id', 'abc')
    expect(document.cookie).toContain('lh_id=abc')
    expect(load('lh_id')).toBe('abc')
  })

  it('remembers for the page when both are blocked', async () => {
    vi.stubGlobal('localStorage', undefined)
    vi.spyOn(document, 'cookie', 'get').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    const { load, save, allow } = await freshStorage()
    allow(true)
    save('lh_id', 'abc')
    expect(load('lh_id')).toBe('abc')
    vi.restoreAllMocks()
  })
})
