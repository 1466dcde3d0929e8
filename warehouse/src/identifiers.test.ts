import { describe, expect, it } from 'vitest'
import { assertIdentifier, qualifiedName, quoteIdentifier } from './identifiers.js'

describe('identifiers', () => {
  it('quotes plain names', () => {
    expect(quoteIdentifier('activity_log')).toBe('`activity_log`')
    expect(qualifiedName('leadhouse', 'events')).toBe('`leadhouse`.`events`')
  })

  it.each(['', '1abc', 'a-b', 'a`b', 'a b', 'events; DROP TABLE x'])('rejects %j', (name) => {
    expect(() => assertIdentifier(name, 'table')).toThrow(/^table .* is not a valid name/)
  })
})
