import { describe, expect, it } from 'vitest'
import { hostChecker, isIngestPath, splitHost } from './allowed-hosts.js'

describe('hostChecker', () => {
  const base = { host: '127.0.0.1', publicUrl: undefined, allowedHosts: [] }

  it('allows the loopback names on any port, and nothing else by default', () => {
    const allowed = hostChecker(base)
    for (const host of ['localhost', 'localhost:8787', '127.0.0.1:1', '[::1]:8787', 'LOCALHOST'])
      expect(allowed(host), host).toBe(true)
    for (const host of ['evil.example', '0.0.0.0:8787', 'localhost.evil.example', '127.0.0.2', ''])
      expect(allowed(host), host).toBe(false)
  })

  it('allows the public URL host, allowed hosts (with or without a port) and a specific HOST', () => {
    const allowed = hostChecker({
      host: '10.1.2.3',
      publicUrl: 'https://LH.acme.com',
      allowedHosts: ['intranet.acme', 'dash.acme:9000'],
    })
    for (const host of [
      'lh.acme.com',
      'lh.acme.com:443',
      'intranet.acme:1',
      'dash.acme:9000',
      '10.1.2.3:8787',
    ])
      expect(allowed(host), host).toBe(true)
    expect(allowed('dash.acme:9001')).toBe(false)
    expect(hostChecker({ ...base, host: '0.0.0.0' })('0.0.0.0:8787')).toBe(false)
    expect(hostChecker({ ...base, host: 'fd00::5' })('[fd00::5]:8787')).toBe(true)
  })

  it('splits names, IPv6 addresses and ports', () => {
    expect(splitHost('[::1]:8787')).toEqual({ name: '[::1]', port: '8787' })
    expect(splitHost('Example.COM')).toEqual({ name: 'example.com', port: '' })
  })
})

describe('isIngestPath', () => {
  it('names the public endpoints only', () => {
    for (const path of [
      '/e',
      '/lh.js',
      '/v/abc/lh.js',
      '/o/x.gif',
      '/c/x',
      '/healthz',
      '/readyz',
      '/demo',
      '/demo/pricing',
    ])
      expect(isIngestPath(path), path).toBe(true)
    for (const path of [
      '/dashboard',
      '/login',
      '/metrics',
      '/api/v1/activity',
      '/openapi.json',
      '/demonstration',
      '/e/x',
    ])
      expect(isIngestPath(path), path).toBe(false)
  })
})
