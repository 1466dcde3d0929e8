import { describe, expect, it } from 'vitest'
import { renderJinja } from './jinja.js'

describe('renderJinja', () => {
  it('hands functions plain values for positional, list, dict and keyword arguments', () => {
    const calls: unknown[][] = []
    const record = (...args: unknown[]) => {
      calls.push(args)
      return ''
    }
    renderJinja(
      "{{ f('a', 1, ['x', 2], {'k': 'v'}, s='view', l=['t'], d={'n': 1}, b=true, z=none) }}",
      { f: record },
    )
    expect(calls).toEqual([
      ['a', 1, ['x', 2], { k: 'v' }, { s: 'view', l: ['t'], d: { n: 1 }, b: true, z: null }],
    ])
  })

  it('keeps whitespace control and Python string methods of Jinja', () => {
    expect(
      renderJinja("{%- set parts = 'a,b'.split(',') -%}\n{{ parts | join('|') | upper }}", {}),
    ).toBe('A|B')
  })
})
