import { describe, expect, it } from 'vitest'
import { messageProblems } from '../../app/testing/messages.js'
import { messages } from './messages.js'

describe('cohorts messages', () => {
  it('has every key in English and German, none empty, with the same placeholders', () => {
    expect(messageProblems(messages)).toEqual([])
  })
})
