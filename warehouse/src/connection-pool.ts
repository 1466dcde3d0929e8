import type { createClient } from '@clickhouse/client'

export type ClientConnection = NonNullable<
  NonNullable<Parameters<typeof createClient>[0]>['connection']
>

/**
 * Several connections as one: each call goes to the connection with the fewest calls in flight.
 *
 * A chDB connection runs one query at a time, so one slow query (a model build, a full scan)
 * held every other caller behind it: the flusher's inserts, the dashboard's reads, a model
 * runner's other threads. A ClickHouse server answers concurrent requests, and code written
 * for it keeps no state between calls, so spreading them over connections to the same engine
 * changes nothing but what waits for what.
 */
export function poolConnections(connections: readonly ClientConnection[]): ClientConnection {
  if (connections.length === 0) throw new Error('a connection pool needs at least one connection')
  const inFlight = connections.map(() => 0)
  const onLeastBusy = <T>(call: (connection: ClientConnection) => Promise<T>): Promise<T> => {
    let chosen = 0
    for (let index = 1; index < inFlight.length; index++)
      if ((inFlight[index] as number) < (inFlight[chosen] as number)) chosen = index
    inFlight[chosen] = (inFlight[chosen] as number) + 1
    const release = () => {
      inFlight[chosen] = (inFlight[chosen] as number) - 1
    }
    try {
      return call(connections[chosen] as ClientConnection).finally(release)
    } catch (error) {
      release()
      throw error
    }
  }
  return {
    ping: (params) => onLeastBusy((connection) => connection.ping(params)),
    query: (params) => onLeastBusy((connection) => connection.query(params)),
    insert: (params) => onLeastBusy((connection) => connection.insert(params)),
    command: (params) => onLeastBusy((connection) => connection.command(params)),
    exec: (params) => onLeastBusy((connection) => connection.exec(params)),
    close: async () => {
      await Promise.all(connections.map((connection) => connection.close()))
    },
  }
}
