import { describe, expect, it } from 'vitest'
import { insertsFailing } from './readiness.js'

describe('insertsFailing', () => {
  const since = Date.UTC(2026, 11, 7, 12, 0, 0)
  const failure = { since, error: 'Code: 210. Connection refused' }

  it('is ready while inserts succeed, and while they have failed for less than the threshold', () => {
    expect(insertsFailing(undefined, 30_000, since + 3_600_000)).toBeUndefined()
    expect(insertsFailing(failure, 30_000, since + 29_999)).toBeUndefined()
  })

  it('names the last error and since when, once the threshold has passed', () => {
    expect(insertsFailing(failure, 30_000, since + 45_500)).toBe(
      'inserts into the warehouse have failed for 45 s, since 2026-12-07T12:00:00.000Z: Code: 210. Connection refused',
    )
    expect(insertsFailing(failure, 0, since)).toMatch(/failed for 0 s/)
  })
})
