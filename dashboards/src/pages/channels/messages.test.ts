import { describe, expect, it } from 'vitest'
import { messageProblems } from '../../app/testing/messages.js'
import { messages } from './messages.js'

describe('channels messages', () => {
  it('has every key in English and German, none empty, with the same placeholders', () => {
    expect(messageProblems(messages)).toEqual([])
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
