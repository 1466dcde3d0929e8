import { Agent, request } from 'node:http'

export interface PacedResult {
  requestsPerSecond: number
  p50: number
  p99: number
  max: number
  errors: number
}

/**
 * Open-loop load at a constant rate, as wrk2 makes it: request n is due at start + n / rate,
 * sent then over a pool of keep-alive connections, and its latency counts from when it was due,
 * so time spent waiting for a free connection behind a slow answer is part of it (no coordinated
 * omission). autocannon's `overallRate` is not this: each connection sends its share of a second
 * back to back as the second begins, so its latencies are those of bursts at full speed.
 */
export async function pacedLoad(options: {
  url: string
  body: string
  headers: Record<string, string>
  rate: number
  seconds: number
  connections: number
}): Promise<PacedResult> {
  const target = new URL(options.url)
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const body = Buffer.from(options.body)
  const headers = { ...options.headers, 'content-length': String(body.byteLength) }
  const total = Math.round(options.rate * options.seconds)
  const latencies: number[] = []
  let errors = 0
  let sent = 0
  const start = performance.now()

  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const done = (ok: boolean) => {
        if (ok) latencies.push(performance.now() - due)
        else errors += 1
        resolve()
      }
      const outgoing = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers,
        },
        (response) => {
          response.resume()
          response.once('end', () => done((response.statusCode ?? 0) < 300))
        },
      )
      outgoing.once('error', () => done(false))
      outgoing.end(body)
    })

  const pending: Promise<void>[] = []
  while (sent < total) {
    // Send every request due by now; the timer wakes about once a millisecond.
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1)
    for (; sent < due; sent++) pending.push(send(start + (sent / options.rate) * 1000))
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  await Promise.all(pending)
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (quantile: number) =>
    Math.round(
      (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * quantile))] ?? 0) *
        10,
    ) / 10
  return {
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    errors,
  }
}
