import { describe, expect, it } from 'vitest'
import { dependencyOrder, findCycle, type GraphNode, orderNodes } from './graph.js'

function node(uniqueId: string, dependsOn: string[] = []): GraphNode {
  const name = uniqueId.split('.').at(-1) as string
  return { uniqueId, resourceType: 'model', name, fqn: [name], path: '', tags: [], dependsOn }
}

describe('orderNodes', () => {
  it('puts every node after its parents and keeps the given order otherwise', () => {
    const nodes = [
      node('model.p.report', ['model.p.b', 'model.p.a']),
      node('model.p.a'),
      node('model.p.b', ['model.p.a']),
      node('model.p.other'),
    ]
    expect(orderNodes(nodes).map((n) => n.name)).toEqual(['a', 'b', 'report', 'other'])
  })

  it('ignores parents outside the list (sources)', () => {
    expect(orderNodes([node('model.p.a', ['source.p.raw.events'])]).map((n) => n.name)).toEqual([
      'a',
    ])
  })
})

describe('findCycle', () => {
  it('returns the path that closes a cycle', () => {
    const refs = new Map([
      ['a', { refs: ['seed_x'] }],
      ['b', { refs: ['c'] }],
      ['c', { refs: ['b'] }],
    ])
    expect(findCycle(refs)).toEqual(['b', 'c', 'b'])
  })

  it('finds none in a graph without one', () => {
    expect(
      findCycle(
        new Map([
          ['a', { refs: ['b'] }],
          ['b', { refs: [] }],
        ]),
      ),
    ).toBeUndefined()
  })
})

describe('dependencyOrder', () => {
  it('orders the names given after the names they ref, leaving others out', () => {
    const refs = new Map([
      ['a', { refs: ['b', 'gone'] }],
      ['b', { refs: [] }],
      ['gone', { refs: [] }],
    ])
    expect(dependencyOrder(['a', 'b'], refs)).toEqual(['b', 'a'])
  })
})
