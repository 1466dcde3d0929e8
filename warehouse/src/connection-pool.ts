import type { createClient } from '@clickhouse/client'

export type ClientConnection = NonNullable<
  NonNullable<Parameters<typeof createClient>[0]>['connection']
>

/** Members used by the fewest calls in flight first. */
export class LeastBusy<Member> {
  private readonly inFlight: number[]

  constructor(private readonly members: readonly Member[]) {
    if (members.length === 0) throw new Error('a pool needs at least one member')
    this.inFlight = members.map(() => 0)
  }

  /** Runs `call` on the member with the fewest calls in flight. */
  run<T>(call: (member: Member) => Promise<T>): Promise<T> {
    let chosen = 0
    for (let index = 1; index < this.inFlight.length; index++)
      if ((this.inFlight[index] as number) < (this.inFlight[chosen] as number)) chosen = index
    this.inFlight[chosen] = (this.inFlight[chosen] as number) + 1
    const release = () => {
      this.inFlight[chosen] = (this.inFlight[chosen] as number) - 1
    }
    try {
      return call(this.members[chosen] as Member).finally(release)
    } catch (error) {
      release()
      throw error
    }
  }

  all(): readonly Member[] {
    return this.members
  }
}

/**
 * A pool of connections as one: each call goes to the connection with the fewest calls in flight.
 *
 * A chDB connection runs one query at a time, so one slow query (a model build, a full scan)
 * held every other caller behind it: the flusher's inserts, the dashboard's reads, a model
 * runner's other threads. A ClickHouse server answers concurrent requests, and code written
 * for it keeps no state between calls, so spreading them over connections to the same engine
 * changes nothing but what waits for what.
 */
export function pooledConnection<Member>(
  pool: LeastBusy<Member>,
  asConnection: (member: Member) => ClientConnection,
): ClientConnection {
  const on = <T>(call: (connection: ClientConnection) => Promise<T>) =>
    pool.run((member) => call(asConnection(member)))
  return {
    ping: (params) => on((connection) => connection.ping(params)),
    query: (params) => on((connection) => connection.query(params)),
    insert: (params) => on((connection) => connection.insert(params)),
    command: (params) => on((connection) => connection.command(params)),
    exec: (params) => on((connection) => connection.exec(params)),
    close: async () => {
      await Promise.all(pool.all().map((member) => asConnection(member).close()))
    },
  }
}
