import { describe, expect, it } from 'vitest'
import { messages } from './messages.js'

describe('cohorts messages', () => {
  it('has the same keys in English and German, none empty', () => {
    expect(Object.keys(messages.de).sort()).toEqual(Object.keys(messages.en).sort())
    for (const table of [messages.en, messages.de]) {
      for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('')
    }
  })

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, text] of Object.entries(messages.en)) {
      const german = messages.de[key as keyof typeof messages.de]
      expect(placeholders(german), key).toEqual(placeholders(text))
    }
  })
})
