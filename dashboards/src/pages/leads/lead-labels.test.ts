import { describe, expect, it } from 'vitest'
import { label, labelMessages } from './lead-labels.js'

const en = (key: keyof typeof labelMessages.en) => labelMessages.en[key]
const de = (key: keyof typeof labelMessages.de) => labelMessages.de[key]

describe('label', () => {
  it('names a known value in the locale', () => {
    expect(label(en, 'stage', 'opportunity')).toBe('Opportunity')
    expect(label(de, 'stage', 'opportunity')).toBe('Verkaufschance')
    expect(label(de, 'channel', 'paid_search')).toBe('Bezahlte Suche')
    expect(label(de, 'channel', '(none)')).toBe('Kein Kanal')
  })

  it('shows an unknown value as it is, and a missing one as a dash', () => {
    expect(label(en, 'channel', 'podcast')).toBe('podcast')
    expect(label(en, 'channel', 'toString')).toBe('toString')
    expect(label(en, 'channel', null)).toBe('–')
    expect(label(en, 'stage', '')).toBe('–')
  })
})
