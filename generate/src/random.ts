/**
 * A small seeded PRNG for synthetic data: sfc32 (128-bit state, passes PractRand), seeded through
 * splitmix32. The same seed gives the same sequence on every machine: nothing here reads a clock
 * or `Math.random`.
 */

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** The low byte of `value` as two hexadecimal digits. */
const byte = (value: number): string => HEX[value & 255] as string

/** splitmix32's output step: a well-mixed 32-bit hash of `value`. */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  private spareNormal: number | undefined

  /** `seed` and `stream` select independent sequences (one per purpose, e.g. companies, costs). */
  constructor(seed: number, stream = 0) {
    const base = mix32(mix32(seed >>> 0) ^ Math.imul(stream + 1, 0x632be5ab))
    this.a = mix32(base)
    this.b = mix32(base + 1)
    this.c = mix32(base + 2)
    this.d = 1
    for (let i = 0; i < 15; i++) this.u32()
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** An integer in [min, max]. */
  intBetween(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Standard normal (Box-Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal
      this.spareNormal = undefined
      return spare
    }
    const u = 1 - this.next()
    const v = this.next()
    const radius = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }

  /** Log-normal around `median`; `sigma` 1 spreads roughly from median/3 to median*3. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** Failures before the first success, each try continuing with `continueProbability`. */
  geometric(continueProbability: number, max: number): number {
    let n = 0
    while (n < max && this.next() < continueProbability) n++
    return n
  }

  /** A version 4 UUID, as the SDK makes them. */
  uuid(): string {
    const a = this.u32()
    const b = this.u32()
    const c = this.u32()
    const d = this.u32()
    return `${byte(a >>> 24)}${byte(a >>> 16)}${byte(a >>> 8)}${byte(a)}-${byte(b >>> 24)}${byte(b >>> 16)}-4${byte(b >>> 8).slice(1)}${byte(b)}-${byte(0x80 | ((c >>> 24) & 0x3f))}${byte(c >>> 16)}-${byte(c >>> 8)}${byte(c)}${byte(d >>> 24)}${byte(d >>> 16)}${byte(d >>> 8)}${byte(d)}`
  }

  /** `length` random hexadecimal digits. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += byte(this.u32())
    return out.slice(0, length)
  }

  /** `length` random letters and digits. */
  alnum(length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += ALNUM.charAt(this.u32() % ALNUM.length)
    return out
  }
}

/** Items with weights; `pick` takes one with probability proportional to its weight. */
export class Weighted<T> {
  readonly items: T[]
  private readonly cumulative: number[]
  private readonly total: number

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item)
    let sum = 0
    this.cumulative = entries.map(([, weight]) => {
      sum += weight
      return sum
    })
    this.total = sum
  }

  pick(random: Random): T {
    const target = random.next() * this.total
    const cumulative = this.cumulative
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((cumulative[middle] as number) > target) high = middle
      else low = middle + 1
    }
    return this.items[low] as T
  }
}
