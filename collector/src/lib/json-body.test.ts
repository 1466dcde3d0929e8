import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, MAX_JSON_KEYS, parseJsonBody } from './json-body.js'

describe('parseJsonBody', () => {
  const nested = (depth: number, open = '[', close = ']') =>
    `${open.repeat(depth)}${close.repeat(depth)}`

  it('parses JSON nested up to the limit, and skips a byte order mark', () => {
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toMatchObject({ ok: true })
    expect(parseJsonBody('\ufeff{"s":"demo"}')).toEqual({ ok: true, value: { s: 'demo' } })
    expect(parseJsonBody('1e400')).toEqual({ ok: true, value: Number.POSITIVE_INFINITY })
  })

  it('refuses nesting one level past the limit, naming where', () => {
    const read = parseJsonBody(nested(MAX_JSON_DEPTH + 1))
    const field = '[0]'.repeat(MAX_JSON_DEPTH)
    expect(read).toEqual({
      ok: false,
      problem: {
        code: 'too_deep',
        field,
        message: `${field}: arrays and objects nest deeper than ${MAX_JSON_DEPTH} levels`,
      },
    })
  })

  it('names the keys and indexes on the way down, and refuses any depth without recursing', () => {
    const body = `{"s":"demo","e":[1,{"pp":${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}}]}`
    const read = parseJsonBody(body, 6)
    expect(read).toMatchObject({ ok: false, problem: { code: 'too_deep', field: 'e[1].pp.x.x.x' } })
    // Arrays and objects mixed at each level, 100,000 deep: V8's JSON.parse does not recurse.
    const mixed = `${'[{"a":'.repeat(50_000)}null${'}]'.repeat(50_000)}`
    expect(parseJsonBody(mixed)).toMatchObject({ ok: false, problem: { code: 'too_deep' } })
  })

  it('cuts a long field path, keeping its start', () => {
    const key = 'k'.repeat(40)
    const body = `${`{"${key}":`.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`
    const read = parseJsonBody(body)
    expect(read.ok).toBe(false)
    const { field } = (read as { problem: { field: string } }).problem
    expect(field).toHaveLength(257)
    expect(field.startsWith(`${key}.${key}.`)).toBe(true)
    expect(field.endsWith('…')).toBe(true)
  })

  it('refuses a __proto__ key anywhere, also when spelled with escapes', () => {
    expect(parseJsonBody('{"e":[{"pp":{"__proto__":{"x":1}}}]}')).toEqual({
      ok: false,
      problem: {
        code: 'invalid_key',
        field: 'e[0].pp.__proto__',
        message: 'e[0].pp.__proto__: the key "__proto__" is not allowed',
      },
    })
    expect(parseJsonBody('{"\\u005f_proto__":1}')).toMatchObject({
      ok: false,
      problem: { code: 'invalid_key', field: '__proto__' },
    })
    expect(parseJsonBody('{"constructor":1,"prototype":{}}')).toMatchObject({ ok: true })
  })

  it('refuses an object with more keys than the limit, naming it; long arrays pass', () => {
    const keys = (count: number) =>
      `{${Array.from({ length: count }, (_, index) => `"k${index}":1`).join(',')}}`
    expect(parseJsonBody(`{"e":[${keys(MAX_JSON_KEYS)}]}`)).toMatchObject({ ok: true })
    expect(parseJsonBody(`{"e":[1,${keys(MAX_JSON_KEYS + 1)}]}`)).toEqual({
      ok: false,
      problem: {
        code: 'too_many_keys',
        field: 'e[1]',
        message: `e[1]: an object has ${MAX_JSON_KEYS + 1} keys; the limit is ${MAX_JSON_KEYS}`,
      },
    })
    expect(parseJsonBody(keys(MAX_JSON_KEYS + 1))).toMatchObject({
      ok: false,
      problem: { code: 'too_many_keys', field: '', message: expect.stringMatching(/^body: /) },
    })
    expect(parseJsonBody(`[${'0,'.repeat(1_000_000)}0]`)).toMatchObject({ ok: true })
  })

  it('refuses text that is not JSON: empty, NUL bytes, a lone BOM', () => {
    for (const text of ['', '{"s":"a\u0000"', '\u0000', '\ufeff', '{"a":1}{'])
      expect(parseJsonBody(text)).toMatchObject({
        ok: false,
        problem: { code: 'invalid_json', field: '' },
      })
  })
})
