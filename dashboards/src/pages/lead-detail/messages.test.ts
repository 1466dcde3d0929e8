import { describe, expect, it } from 'vitest'
import { messages } from './messages.js'

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort()

describe('the Lead detail page’s messages', () => {
  it('has the same keys in English and German, none empty, placeholders kept', () => {
    expect(Object.keys(messages.de).sort()).toEqual(Object.keys(messages.en).sort())
    for (const [key, en] of Object.entries(messages.en)) {
      const de = (messages.de as Record<string, string>)[key] ?? ''
      expect(en.trim(), key).not.toBe('')
      expect(de.trim(), key).not.toBe('')
      expect(placeholders(de), key).toEqual(placeholders(en))
    }
  })
})
