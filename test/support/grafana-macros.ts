/**
 * Test support: a Grafana query's macros expanded as the ClickHouse data source plugin
 * (grafana-clickhouse-datasource, pkg/macros) expands them on Grafana's server, and dashboard
 * variables as Grafana's front end interpolates them, for a fixed time range and interval.
 */

/** What Grafana knows when it runs a panel's query. */
export interface GrafanaQueryContext {
  from: Date
  to: Date
  /** The panel's interval ($__interval), in seconds. */
  intervalSeconds: number
  /** Dashboard variables by name, at their current values. */
  variables: Record<string, string>
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)
const day = (date: Date) => `toDate('${date.toISOString().slice(0, 10)}')`
const dateTime = (date: Date) => `toDateTime(${seconds(date)})`
const dateTime64 = (date: Date) => `fromUnixTimestamp64Milli(${date.getTime()})`

/** The plugin's macros: name → expansion of its arguments. */
function macros({
  from,
  to,
  intervalSeconds,
}: GrafanaQueryContext): Record<string, (args: string[]) => string> {
  const interval = Math.max(Math.floor(intervalSeconds), 1)
  const between = (column: string, at: (date: Date) => string) =>
    `${column} >= ${at(from)} AND ${column} <= ${at(to)}`
  return {
    fromTime: () => dateTime(from),
    toTime: () => dateTime(to),
    fromTime_ms: () => dateTime64(from),
    toTime_ms: () => dateTime64(to),
    timeFilter: ([column]) => between(column as string, dateTime),
    timeFilter_ms: ([column]) => between(column as string, dateTime64),
    dateFilter: ([column]) => between(column as string, day),
    dateTimeFilter: ([date, time]) =>
      `(${between(date as string, day)}) AND (${between(time as string, dateTime)})`,
    dt: ([date, time]) =>
      `(${between(date as string, day)}) AND (${between(time as string, dateTime)})`,
    timeInterval: ([column]) =>
      `toStartOfInterval(toDateTime(${column}), INTERVAL ${interval} second)`,
    timeInterval_ms: ([column]) =>
      `toStartOfInterval(toDateTime64(${column}, 3), INTERVAL ${interval * 1000} millisecond)`,
    interval_s: () => String(interval),
  }
}

/**
 * `sql` with its `${var}` and `$var` variables and its `$__macro(args)` macros expanded. A macro
 * the plugin does not have, or a variable the dashboard does not define, throws: the dashboard
 * would fail in Grafana too.
 */
export function expandGrafanaQuery(sql: string, context: GrafanaQueryContext): string {
  const withVariables = sql.replace(/\$\{(\w+)\}|\$(?!__)(\w+)/g, (_, braced, bare) => {
    const name = (braced ?? bare) as string
    const value = context.variables[name]
    if (value === undefined) throw new Error(`the dashboard defines no variable ${name}`)
    return value
  })
  const known = macros(context)
  return withVariables.replace(/\$__(\w+)(?:\(([^()]*)\))?/g, (_, name: string, args?: string) => {
    const macro = known[name]
    if (!macro) throw new Error(`the ClickHouse data source has no macro $__${name}`)
    return macro(args === undefined ? [] : args.split(',').map((arg) => arg.trim()))
  })
}
