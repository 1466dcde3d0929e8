import { describe, expect, it } from 'vitest'
import { createFormatters, MISSING } from './format.js'

const en = createFormatters('en')
const de = createFormatters('de')

describe('format', () => {
  it('prints null, undefined and NaN as a dash in every formatter', () => {
    for (const format of [en, de]) {
      expect(format.number(null)).toBe(MISSING)
      expect(format.percent(undefined)).toBe(MISSING)
      expect(format.money(Number.NaN, 'EUR')).toBe(MISSING)
      expect(format.date(null)).toBe(MISSING)
      expect(format.dateTime('not a time')).toBe(MISSING)
      expect(format.days(null)).toBe(MISSING)
    }
  })

  it('groups digits and rounds numbers as the locale does', () => {
    expect(en.number(1234567.891)).toBe('1,234,567.89')
    expect(de.number(1234567.891)).toBe('1.234.567,89')
    expect(en.number(2.71, 0)).toBe('3')
  })

  it('prints ratios as per cent with one decimal', () => {
    expect(en.percent(0.123)).toBe('12.3%')
    expect(de.percent(0.123)).toBe('12,3\u00a0%')
    expect(en.percent(0)).toBe('0%')
  })

  it('prints money in the currency, cents only below 1,000', () => {
    expect(en.money(45.2, 'EUR')).toBe('€45.20')
    expect(de.money(45.2, 'EUR')).toBe('45,20\u00a0€')
    expect(en.money(12345.6, 'USD')).toBe('$12,346')
    expect(de.money(12345.6, 'EUR')).toBe('12.346\u00a0€')
    expect(en.money(10, 'POINTS')).toBe('10.00 POINTS')
  })

  it('prints days and times in UTC, whatever the viewer’s zone', () => {
    expect(en.date('2026-12-07')).toBe('Dec 7, 2026')
    expect(de.date('2026-12-07')).toBe('07.12.2026')
    expect(en.date('2026-12-07T23:30:00Z')).toBe('Dec 7, 2026')
    expect(en.dateTime('2026-12-07T23:30:00Z')).toBe('Dec 7, 2026, 11:30 PM')
    expect(de.dateTime('2026-12-07T23:30:00Z')).toBe('07.12.2026, 23:30')
  })

  it('prints a number of days with its unit', () => {
    expect(en.days(3.5)).toBe('3.5 days')
    expect(en.days(1)).toBe('1 day')
    expect(de.days(3.5)).toBe('3,5 Tage')
    expect(de.days(1)).toBe('1 Tag')
  })
})
