/**
 * The pieces of an analyst's answer between the engine and the response: a session entered in
 * the BI database, the first chunk awaited (so an error before any output is an error answer),
 * and the end of a stream noticed once, however it ends.
 */
import type { EngineSession, EngineStream } from '@leadhouse/warehouse'
import { fromEngine } from './sql-error.js'

/** Runs `USE database` before the session's first query (the engine has no such argument). */
export function withDatabase(session: EngineSession, database: string): EngineSession {
  let used: Promise<unknown> | undefined
  const ready = () => {
    used ??= session.query(`USE ${database}`, { format: 'TSV' })
    return used
  }
  return {
    query: async (sql, options) => {
      await ready()
      return session.query(sql, options)
    },
    stream: (sql, options) => {
      let inner: EngineStream | undefined
      let cancelled = false
      return {
        cancel: () => {
          cancelled = true
          inner?.cancel()
        },
        async *[Symbol.asyncIterator]() {
          await ready()
          if (cancelled) return
          inner = session.stream(sql, options)
          yield* inner
        },
      }
    },
    close: () => session.close(),
  }
}

/** Waits for the first chunk, so that an error before any output is answered as an error. */
export async function firstChunk(
  stream: EngineStream,
): Promise<{ first: Uint8Array | undefined; rest: AsyncIterator<Uint8Array> }> {
  const iterator = stream[Symbol.asyncIterator]()
  const next = await iterator.next()
  return { first: next.done ? undefined : next.value, rest: iterator }
}

/** `iterator`, calling `finish(ok)` once when it ends, fails or is returned early. */
export function ended(
  iterator: AsyncIterator<Uint8Array>,
  finish: (ok: boolean) => void,
): AsyncIterator<Uint8Array> {
  return {
    next: async () => {
      try {
        const next = await iterator.next()
        if (next.done) finish(true)
        return next
      } catch (error) {
        finish(false)
        throw fromEngine(error)
      }
    },
    return: async () => {
      finish(false)
      return (await iterator.return?.()) ?? { done: true, value: undefined }
    },
  }
}

export function once<A extends unknown[]>(call: (...args: A) => void): (...args: A) => void {
  let called = false
  return (...args) => {
    if (called) return
    called = true
    call(...args)
  }
}
