import { describe, expect, it } from 'vitest'
import { signLink, verifyLink } from './signed-links.js'

const SECRET = 'link-secret-0123456789-0123456789-abcdef'
const payload = {
  s: 'acme',
  e: 'ada@example.com',
  c: 'q4-launch',
  m: 'msg-1',
  u: 'https://acme.test/pricing',
}

describe('signed email links', () => {
  it('verifies what it signed', () => {
    expect(verifyLink(signLink(payload, SECRET), SECRET)).toEqual(payload)
  })

  it.each([
    ['another secret', (token: string) => token, 'another-secret-0123456789-0123456789-abcd'],
    [
      'a changed target',
      (token: string) =>
        `${Buffer.from(JSON.stringify({ ...payload, u: 'https://evil.test' })).toString('base64url')}.${token.split('.')[1]}`,
      SECRET,
    ],
    ['a missing signature', (token: string) => token.split('.')[0] as string, SECRET],
    ['garbage', () => 'not.a.token', SECRET],
  ])('refuses %s', (_, change, secret) => {
    expect(verifyLink(change(signLink(payload, SECRET)), secret)).toBeUndefined()
  })
})
