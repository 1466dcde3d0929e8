import { describe, expect, it } from 'vitest'
import {
  filterPatch,
  isFiltered,
  leadsApiParams,
  PAGE_SIZE,
  pageCount,
  readLeadsQuery,
  sortPatch,
} from './leads-query.js'

describe('readLeadsQuery', () => {
  it('defaults to the highest scores first, on page 1, unfiltered', () => {
    const state = readLeadsQuery({})
    expect(state).toEqual({
      q: '',
      stage: undefined,
      temperature: undefined,
      channel: undefined,
      scoreMin: undefined,
      scoreMax: undefined,
      sort: 'score',
      order: 'desc',
      page: 1,
    })
    expect(isFiltered(state)).toBe(false)
  })

  it('reads every key of the URL', () => {
    const state = readLeadsQuery({
      q: ' acme ',
      stage: 'mql',
      temperature: 'hot',
      channel: 'paid_search',
      scoreMin: '10',
      scoreMax: '55.5',
      sort: 'company',
      order: 'desc',
      page: '3',
    })
    expect(state).toEqual({
      q: 'acme',
      stage: 'mql',
      temperature: 'hot',
      channel: 'paid_search',
      scoreMin: 10,
      scoreMax: 55.5,
      sort: 'company',
      order: 'desc',
      page: 3,
    })
    expect(isFiltered(state)).toBe(true)
  })

  it('leaves out values that make no sense instead of failing', () => {
    const state = readLeadsQuery({
      stage: 'boss',
      temperature: 'lukewarm',
      scoreMin: 'ten',
      sort: 'password',
      order: 'up',
      page: '-2',
    })
    expect(state.stage).toBeUndefined()
    expect(state.temperature).toBeUndefined()
    expect(state.scoreMin).toBeUndefined()
    expect(state.sort).toBe('score')
    expect(state.order).toBe('desc')
    expect(state.page).toBe(1)
  })

  it('sorts text columns A to Z when no order is given', () => {
    expect(readLeadsQuery({ sort: 'name' }).order).toBe('asc')
    expect(readLeadsQuery({ sort: 'lastActivityAt' }).order).toBe('desc')
  })
})

describe('leadsApiParams', () => {
  it('asks the read API for the page shown, without empty keys', () => {
    expect(leadsApiParams(readLeadsQuery({ stage: 'sql', page: '2' }))).toEqual({
      q: undefined,
      stage: 'sql',
      temperature: undefined,
      channel: undefined,
      scoreMin: undefined,
      scoreMax: undefined,
      sort: 'score',
      order: 'desc',
      page: 2,
      pageSize: PAGE_SIZE,
    })
  })
})

describe('filterPatch and sortPatch', () => {
  it('a filter change starts again at page 1 and removes emptied keys', () => {
    expect(filterPatch({ stage: 'mql', q: '' })).toEqual({
      page: undefined,
      stage: 'mql',
      q: undefined,
    })
  })

  it('a click on the sorted column reverses it; on another, sorts by it from its start', () => {
    const state = readLeadsQuery({ sort: 'score', order: 'desc', page: '4' })
    expect(sortPatch(state, 'score')).toEqual({ sort: 'score', order: 'asc', page: undefined })
    expect(sortPatch(state, 'email')).toEqual({ sort: 'email', order: 'asc', page: undefined })
    expect(sortPatch(state, 'lastActivityAt')).toEqual({
      sort: 'lastActivityAt',
      order: 'desc',
      page: undefined,
    })
  })
})

describe('pageCount', () => {
  it('is at least 1 and rounds up', () => {
    expect(pageCount(0, 50)).toBe(1)
    expect(pageCount(50, 50)).toBe(1)
    expect(pageCount(51, 50)).toBe(2)
  })
})
