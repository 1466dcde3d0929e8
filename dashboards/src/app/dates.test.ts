import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isDay, matchPreset, presetRange } from './dates.js'

describe('dates', () => {
  it('counts UTC days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2026-10-01', '2026-10-31')).toBe(31)
  })

  it('takes only real calendar days', () => {
    expect(isDay('2026-02-28')).toBe(true)
    expect(isDay('2026-13-01')).toBe(false)
    expect(isDay('26-1-1')).toBe(false)
    expect(isDay(undefined)).toBe(false)
  })

  it('gives every preset its range, ending on the given day', () => {
    const today = '2026-11-14'
    expect(presetRange('last7', today)).toEqual({ from: '2026-11-08', to: today })
    expect(presetRange('last30', today)).toEqual({ from: '2026-10-16', to: today })
    expect(presetRange('last90', today)).toEqual({ from: '2026-08-17', to: today })
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-11-01', to: today })
    expect(presetRange('lastMonth', today)).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect(presetRange('thisQuarter', today)).toEqual({ from: '2026-10-01', to: today })
    expect(presetRange('yearToDate', today)).toEqual({ from: '2026-01-01', to: today })
    expect(presetRange('lastMonth', '2027-01-05')).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    })
  })

  it('recognises a preset from its range, and none for a custom one', () => {
    expect(matchPreset('2026-10-16', '2026-11-14', '2026-11-14')).toBe('last30')
    expect(matchPreset('2026-10-15', '2026-11-14', '2026-11-14')).toBeUndefined()
  })
})
