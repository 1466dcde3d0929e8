import { describe, expect, it } from 'vitest'
import { messages } from './messages.js'

describe('channels messages', () => {
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

  it('names every attribution model in both languages', () => {
    const models = [
      'first_touch',
      'last_touch',
      'last_non_direct',
      'linear',
      'time_decay',
      'position_based',
      'w_shaped',
      'full_path',
      'markov',
      'shapley',
    ]
    for (const model of models) {
      expect(Object.keys(messages.en)).toContain(`model_${model}`)
    }
  })
})
