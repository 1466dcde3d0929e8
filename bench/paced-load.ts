import { connect, type Socket } from 'node:net'

export interface PacedResult {
  /** Answers received, the warm-up's included. */
  answered: number
  requestsPerSecond: number
  p50: number
  p99: number
  max: number
  errors: number
}

/**
 * Open-loop load at a constant rate, as wrk2 makes it: request n is due at start + n / rate and
 * goes out on the first free keep-alive connection, its latency counted from when it was due, so
 * waiting for a connection behind a slow answer is part of it (no coordinated omission).
 * autocannon's `overallRate` is not this: each connection sends its share of a second back to
 * back as the second begins, so its latencies are those of bursts at full speed. Like autocannon,
 * it writes one prepared request and reads answers off raw sockets: Node's HTTP client would cost
 * the machine more than the server it measures. The first second warms both sides up (the
 * server's code is not yet optimised) and is not counted, as wrk2's calibration is not.
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
  const body = Buffer.from(options.body)
  const head = [
    `POST ${target.pathname} HTTP/1.1`,
    `host: ${target.host}`,
    ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.byteLength}`,
    '',
    '',
  ].join('\r\n')
  const request = Buffer.concat([Buffer.from(head), body])
  const total = Math.round(options.rate * (options.seconds + 1)) // + the warm-up second
  const latencies: number[] = []
  let errors = 0
  let next = 0
  let start = 0
  const dueAt = (index: number) => start + (index / options.rate) * 1000
  const WARMUP_MS = 1000
  let answered = 0
  let stopped = false

  interface Connection {
    socket: Socket
    /** When the request in flight was due; undefined while the connection is free. */
    due: number | undefined
    received: Buffer
  }
  /** Free connections, the longest idle first: each stays in use, so none hits a keep-alive timeout. */
  const free: Connection[] = []
  const open = new Set<Connection>()
  const dispatch = () => {
    const now = performance.now()
    while (free.length > 0 && next < total && dueAt(next) <= now) {
      const connection = free.shift() as Connection
      connection.due = dueAt(next++)
      connection.socket.write(request)
    }
  }
  /** The length of the first whole answer in `data`, or 0 while it is incomplete. */
  const answerLength = (data: Buffer): number => {
    const end = data.indexOf('\r\n\r\n')
    if (end === -1) return 0
    const headers = data.subarray(0, end).toString('latin1').toLowerCase()
    const length = /\r\ncontent-length: *(\d+)/.exec(headers)?.[1]
    if (length !== undefined)
      return data.length >= end + 4 + Number(length) ? end + 4 + Number(length) : 0
    const last = data.indexOf('0\r\n\r\n', end + 4) // chunked: ends with an empty chunk
    return last === -1 ? 0 : last + 5
  }
  /** Opens a connection; one the server closes is replaced, its request in flight an error. */
  const connectOne = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(Number(target.port), target.hostname)
      const connection: Connection = { socket, due: undefined, received: Buffer.alloc(0) }
      socket.setNoDelay(true)
      socket.once('connect', () => {
        open.add(connection)
        free.push(connection)
        resolve()
      })
      socket.on('error', reject)
      socket.once('close', () => {
        if (!open.delete(connection) || stopped) return
        const index = free.indexOf(connection)
        if (index !== -1) free.splice(index, 1)
        if (connection.due !== undefined) {
          answered += 1
          errors += 1
        }
        connectOne().then(dispatch, () => {})
      })
      socket.on('data', (chunk: Buffer) => {
        connection.received = Buffer.concat([connection.received, chunk])
        const length = answerLength(connection.received)
        if (length === 0 || connection.due === undefined) return
        const ok = connection.received.subarray(9, 10).toString() === '2'
        answered += 1
        if (!ok) errors += 1
        else if (connection.due - start >= WARMUP_MS)
          latencies.push(performance.now() - connection.due)
        connection.received = connection.received.subarray(length)
        connection.due = undefined
        free.push(connection)
        dispatch()
      })
    })

  await Promise.all(Array.from({ length: options.connections }, connectOne))
  start = performance.now() // the schedule begins once every connection is open
  while (answered < total) {
    dispatch()
    await new Promise((resolve) => setTimeout(resolve, 1))
    if (performance.now() - start > (options.seconds + 31) * 1000) break // a stalled server
  }
  const elapsed = (performance.now() - start - WARMUP_MS) / 1000
  stopped = true
  for (const { socket } of open) socket.destroy()
  latencies.sort((a, b) => a - b)
  const at = (quantile: number) =>
    Math.round(
      (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * quantile))] ?? 0) *
        10,
    ) / 10
  return {
    answered,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    errors,
  }
}
