import { describe, expect, it } from 'vitest'
import { messageProblems } from '../../app/testing/messages.js'
import { messages } from './messages.js'

describe('the Lead detail page’s messages', () => {
  it('has every string in English and German, with the same placeholders', () => {
    expect(messageProblems(messages)).toEqual([])
  })
})
