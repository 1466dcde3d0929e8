import { describe, expect, it } from 'vitest'
import { LeastBusy } from './connection-pool.js'

describe('LeastBusy', () => {
  it('gives each call the member with the fewest calls in flight, and frees it when done', async () => {
    const pool = new LeastBusy(['a', 'b', 'c'])
    const used: string[] = []
    const finish: (() => void)[] = []
    const hold = (member: string) => {
      used.push(member)
      return new Promise<void>((resolve) => finish.push(resolve))
    }
    const first = pool.run(hold)
    const second = pool.run(hold)
    const third = pool.run(hold)
    const fourth = pool.run(hold) // all busy: the first of the least busy
    expect(used).toEqual(['a', 'b', 'c', 'a'])
    finish[1]?.() // b is free again
    await second
    await pool.run(async (member) => used.push(member))
    expect(used.at(-1)).toBe('b')
    for (const resolve of finish) resolve()
    await Promise.all([first, third, fourth])
  })

  it('frees a member whose call throws before returning its promise', async () => {
    const pool = new LeastBusy(['a', 'b'])
    expect(() =>
      pool.run(() => {
        throw new Error('refused at once')
      }),
    ).toThrow('refused at once')
    const used: string[] = []
    await pool.run(async (member) => used.push(member))
    expect(used).toEqual(['a'])
  })

  it('needs at least one member', () => {
    expect(() => new LeastBusy([])).toThrow('a pool needs at least one member')
  })
})
