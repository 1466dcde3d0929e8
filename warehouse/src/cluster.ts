/**
 * DDL for a ClickHouse cluster, as dbt-clickhouse renders it with a profile's `cluster:`. Shared
 * by the raw tables' migrations and the models' runner, so both put tables on a cluster alike:
 * - every DDL carries `ON CLUSTER '<name>'`;
 * - a MergeTree-family engine becomes its Replicated* counterpart, with dbt-clickhouse's Keeper
 *   path and replica from the servers' macros (`{uuid}` is the table's, the same on every
 *   replica because ON CLUSTER creates it with one UUID);
 * - a table's rows live in `<name>_local` on every shard, and `<name>` is a Distributed table
 *   over them: readers and writers keep using `<name>`, as on a single node.
 */
import { assertIdentifier } from './identifiers.js'

/** The per-shard table behind a Distributed one: `<name>_local` (dbt-clickhouse's default suffix). */
export const LOCAL_SUFFIX = '_local'

/** dbt-clickhouse's default ReplicatedMergeTree arguments: Keeper path and replica name. */
export const REPLICATION_ARGUMENTS = "'/clickhouse/tables/{uuid}/{shard}', '{replica}'"

/**
 * Settings a client needs on a cluster. Inserts into a Distributed table are acknowledged once
 * every shard stored its rows, not when they are queued on the node that took them (an
 * acknowledged event is never lost); and a query joining two Distributed tables runs its right
 * side once, on the node that received it, rather than being refused as a double-distributed
 * join.
 */
export const CLUSTER_SETTINGS = {
  insert_distributed_sync: 1,
  distributed_product_mode: 'global',
} as const

/**
 * A cluster name as `remote_servers` in the servers' configuration names it: letters, digits,
 * `_`, `-` and `.`. Throws naming `field` otherwise, since the name is spliced into DDL.
 */
export function assertClusterName(name: string, field = 'cluster'): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(name)) {
    throw new Error(
      `${field}: ${JSON.stringify(name)} is not a cluster name (letters, digits, _, - and . only)`,
    )
  }
  return name
}

/** ` ON CLUSTER '<name>'` on a cluster, else empty: appended to a DDL statement's target. */
export function onCluster(cluster: string | undefined): string {
  return cluster === undefined ? '' : ` ON CLUSTER '${assertClusterName(cluster)}'`
}

/**
 * `ReplacingMergeTree(received_at)` → `ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/
 * {shard}', '{replica}', received_at)`; an engine already Replicated*, or not of the MergeTree
 * family (Memory, Log, ...), is kept as it is.
 */
export function replicatedEngine(engine: string): string {
  const match = /^\s*([A-Za-z]*MergeTree)\s*(?:\((.*)\))?\s*$/s.exec(engine)
  if (!match?.[1] || match[1].startsWith('Replicated')) return engine
  const args = match[2]?.trim()
  return `Replicated${match[1]}(${REPLICATION_ARGUMENTS}${args ? `, ${args}` : ''})`
}

/**
 * The engine of the Distributed table `<name>` over `<name>_local` in `database` (quoted).
 * `shardingKey` sends rows with the same key to the same shard, so that a ReplacingMergeTree
 * replaces a retried row there and a DELETE by key finds it; `rand()` spreads rows evenly.
 */
export function distributedEngine(
  cluster: string,
  database: string,
  local: string,
  shardingKey = 'rand()',
): string {
  return `Distributed('${assertClusterName(cluster)}', ${database}, \`${assertIdentifier(local, 'table')}\`, ${shardingKey})`
}

/** `name` → `name_local`, validated. */
export function localName(name: string): string {
  return assertIdentifier(`${name}${LOCAL_SUFFIX}`, 'table')
}
