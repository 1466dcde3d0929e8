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

describe('whitespace as dbt renders it', () => {
  it('keeps the newline after a block tag and the indentation before one', () => {
    expect(renderJinja('x {% if true %}y{% endif %}\nz', {})).toBe('x y\nz')
    expect(
      renderJinja(
        "{% for t in ['a', 'b'] %}\nselect * from {{ t }}\n{% if not loop.last %}union all{% endif %}\n{% endfor %}",
        {},
      ),
    ).toBe('\nselect * from a\nunion all\n\nselect * from b\n\n')
    expect(renderJinja('  {% if true %}x{% endif %}', {})).toBe('  x')
    expect(renderJinja('a\n{%- if true -%}\nb\n{%- endif %}', {})).toBe('ab')
  })
})
