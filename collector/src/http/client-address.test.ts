import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientAddress } from './client-address.js'

/** A real server on 127.0.0.1 that answers with the address it takes for each setting. */
let server: ReturnType<typeof serve>
let base = ''
beforeAll(async () => {
  const app = new Hono().get('/:proxies', (c) =>
    c.text(clientAddress(c, Number(c.req.param('proxies')))),
  )
  await new Promise<void>((listening) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      base = `http://127.0.0.1:${info.port}`
      listening()
    })
  })
})
afterAll(() => new Promise((closed) => server.close(closed)))

async function addressOf(proxies: number, forwardedFor?: string): Promise<string> {
  const response = await fetch(`${base}/${proxies}`, {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  })
  return response.text()
}

describe('clientAddress', () => {
  it('takes the connection address when no proxy is trusted, whatever the header says', async () => {
    expect(await addressOf(0, '203.0.113.9')).toBe('127.0.0.1')
  })

  it('takes the entry the trusted proxy appended, not one the client wrote before it', async () => {
    // The client sent "X-Forwarded-For: 198.51.100.1"; our proxy appended the real address.
    expect(await addressOf(1, '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9')
    expect(await addressOf(1, '203.0.113.9')).toBe('203.0.113.9')
  })

  it('counts the trusted proxies from the right', async () => {
    // Outer proxy appended the visitor, the inner one the outer proxy's address.
    expect(await addressOf(2, '198.51.100.1, 203.0.113.9, 10.0.0.2')).toBe('203.0.113.9')
    // Fewer entries than proxies: the first there is.
    expect(await addressOf(3, '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9')
  })

  it('falls back to the connection address without the header', async () => {
    expect(await addressOf(1)).toBe('127.0.0.1')
    expect(await addressOf(1, ' , ')).toBe('127.0.0.1')
  })
})
