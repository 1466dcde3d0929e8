import { describe, expect, it } from 'vitest'
import { lastTwelveMonths } from './cohort-format.js'

describe('lastTwelveMonths', () => {
  it('starts on the first day of the month eleven months before', () => {
    expect(lastTwelveMonths('2026-10-31')).toEqual({ from: '2025-11-01', to: '2026-10-31' })
    expect(lastTwelveMonths('2026-01-15')).toEqual({ from: '2025-02-01', to: '2026-01-15' })
  })
})
