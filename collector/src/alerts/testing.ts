import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Alert } from './alert.js'
import type { AlertSource } from './alert-source.js'

/**
 * Test helpers for alert delivery: an alert, a source of alerts without a warehouse, and a
 * webhook receiver on 127.0.0.1 recording what it gets.
 */

export function testAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    alertId: 'a1b2c3',
    email: 'jane@acme.test',
    name: 'Jane <b>Doe</b>',
    company: 'Acme',
    trigger: 'became_mql',
    triggeredAt: '2026-12-07T10:00:01.000Z',
    eventTs: '2026-12-07T10:00:00.000Z',
    score: 72,
    temperature: 'hot',
    trafficLight: 'green',
    reasons: 'pricing page +20; demo request +30',
    owner: 'Anna Berger',
    team: 'emea',
    rule: 'r1-dach',
    activities: [
      {
        ts: '2026-12-07T10:00:00.000Z',
        source: 'web',
        type: 'pageview',
        name: '',
        path: '/pricing',
        channel: 'organic',
      },
    ],
    ...overrides,
  }
}

/** A source answering `alerts` (mutable: tests add rows as a build would). */
export function memorySource(alerts: Alert[], owners: Record<string, string> = {}): AlertSource {
  return {
    alerts: async () => alerts.map(({ activities: _, ...alert }) => alert),
    activities: async (email) => alerts.find((alert) => alert.email === email)?.activities ?? [],
    ownerAddress: async (owner) => owners[owner],
  }
}

export interface ReceivedRequest {
  at: number
  headers: IncomingHttpHeaders
  body: string
}

export interface Receiver {
  url: string
  port: number
  received: ReceivedRequest[]
  /** The status to answer (200 by default); `hang` never answers. */
  answer: number | 'hang'
  /** Resolves at the next request. */
  next(): Promise<ReceivedRequest>
  close(): Promise<void>
}

/** A webhook receiver on 127.0.0.1 (`port` 0: any free one). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const waiters: ((request: ReceivedRequest) => void)[] = []
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    answer: 200,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  const server: Server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      const got = { at: Date.now(), headers: request.headers, body }
      receiver.received.push(got)
      for (const resolve of waiters.splice(0)) resolve(got)
      if (receiver.answer === 'hang') return
      response.writeHead(receiver.answer).end(receiver.answer < 300 ? 'ok' : 'down')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  receiver.port = (server.address() as AddressInfo).port
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`
  return receiver
}
