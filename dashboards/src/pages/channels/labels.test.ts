import { describe, expect, it } from 'vitest'
import { conversionFromQuery, modelFromQuery } from './labels.js'

describe('the page’s query keys', () => {
  it('takes a model the mart has, else linear, else the first', () => {
    expect(modelFromQuery('markov', ['linear', 'markov'])).toBe('markov')
    expect(modelFromQuery('nonsense', ['first_touch', 'linear'])).toBe('linear')
    expect(modelFromQuery(undefined, ['first_touch', 'last_touch'])).toBe('first_touch')
  })

  it('takes the query’s model as it is while the models are not known yet', () => {
    expect(modelFromQuery('markov', [])).toBe('markov')
    expect(modelFromQuery(undefined, [])).toBe('linear')
  })

  it('takes a conversion kind, else lead', () => {
    expect(conversionFromQuery('customer')).toBe('customer')
    expect(conversionFromQuery('subscriber')).toBe('lead')
    expect(conversionFromQuery(undefined)).toBe('lead')
  })
})
