import { describe, expect, it } from 'vitest'
import { labelMessages } from './lead-labels.js'
import { messages } from './messages.js'

describe('the Leads page’s messages', () => {
  for (const [name, catalogue] of Object.entries({ messages, labelMessages })) {
    it(`${name}: the same keys in English and German, none empty, placeholders kept`, () => {
      expect(Object.keys(catalogue.de).sort()).toEqual(Object.keys(catalogue.en).sort())
      for (const [key, en] of Object.entries(catalogue.en)) {
        const de = (catalogue.de as Record<string, string>)[key] ?? ''
        expect(en.trim(), key).not.toBe('')
        expect(de.trim(), key).not.toBe('')
        const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort()
        expect(placeholders(de), key).toEqual(placeholders(en))
      }
    })
  }
})
