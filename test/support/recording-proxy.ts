// A recording reverse proxy: what reached a server, as the server received it. A browser test
// that must know which requests got through, with which headers, reads it here rather than from
// the browser's own reports (DevTools events, Playwright's `allHeaders()`), which arrive
// asynchronously and can still be pending when the page closes.
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { listenOnLoopback } from './servers.js'

/** One request that reached the server behind the proxy, and its answer's status. */
export interface Reached {
  method: string
  /** The path without the query. */
  path: string
  /** The request's headers as the client sent them (names in lower case). */
  headers: IncomingHttpHeaders
  /** The server's answer; 502 when the server could not be reached. */
  status: number
}

export interface RecordingProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number
  /**
   * Every request the proxy forwarded, in the order the server answered them. A request is
   * recorded before its answer goes back to the client: once a client has seen an answer, the
   * request is here.
   */
  reached: Reached[]
  /** Resolves once every request received so far is answered (and so in `reached`). */
  idle(): Promise<void>
  close(): Promise<void>
}

/**
 * Listens on 127.0.0.1 at a free port and forwards every request to `127.0.0.1:targetPort`
 * unchanged: method, path and query, every header as sent (`Host` included, so the server sees
 * the name and port the client used) and the body; the answer goes back unchanged too.
 *
 * @example
 * const proxy = await recordingProxy(Number(new URL(collector.url).port))
 * await page.goto(`http://localhost:${proxy.port}/login`)
 * expect(proxy.reached.map((request) => request.path)).toContain('/login')
 */
export async function recordingProxy(targetPort: number): Promise<RecordingProxy> {
  const reached: Reached[] = []
  let inFlight = 0
  let whenIdle: (() => void)[] = []
  const agent = new Agent({ keepAlive: true })
  const server = createServer((incoming, outgoing) => {
    inFlight += 1
    const method = incoming.method ?? 'GET'
    const path = new URL(incoming.url ?? '/', 'http://proxy.invalid').pathname
    let open = true
    let abandoned = false
    /** Records the request once, with its answer's status (none for a half request). */
    const settle = (status?: number) => {
      if (!open) return
      open = false
      if (status !== undefined) reached.push({ method, path, headers: incoming.headers, status })
      inFlight -= 1
      if (inFlight > 0) return
      for (const resolve of whenIdle) resolve()
      whenIdle = []
    }
    const forwarded = httpRequest({
      host: '127.0.0.1',
      port: targetPort,
      method,
      path: incoming.url,
      // The raw list keeps the client's headers as they came: repeated ones, order, case.
      headers: incoming.rawHeaders,
      agent,
    })
    forwarded.on('response', (answer) => {
      settle(answer.statusCode ?? 0)
      outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders)
      answer.pipe(outgoing)
    })
    forwarded.on('error', () => {
      if (abandoned || outgoing.headersSent) {
        settle()
        outgoing.destroy()
        return
      }
      settle(502)
      outgoing.writeHead(502).end()
    })
    // A client that goes away half-way through its body: the server gets no half request.
    incoming.on('aborted', () => {
      abandoned = true
      forwarded.destroy()
    })
    incoming.pipe(forwarded)
  })
  const port = await listenOnLoopback(server)
  return {
    port,
    reached,
    idle: () =>
      inFlight === 0 ? Promise.resolve() : new Promise((resolve) => whenIdle.push(resolve)),
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      agent.destroy()
    },
  }
}
