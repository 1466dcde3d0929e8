import { describe, expect, it } from 'vitest'
import { messageProblems } from '../../app/testing/messages.js'
import { labelMessages } from './lead-labels.js'
import { messages } from './messages.js'

describe('the Leads page’s messages', () => {
  it('has every string in English and German, with the same placeholders', () => {
    expect(messageProblems(messages)).toEqual([])
  })

  it('names every stage, temperature, traffic light and channel in both languages', () => {
    expect(messageProblems(labelMessages)).toEqual([])
  })
})
