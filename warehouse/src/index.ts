/**
 * @leadhouse/warehouse: opens the ClickHouse that Leadhouse writes to and reads from.
 *
 * Embedded chDB by default, a ClickHouse server when a URL is given. Everything else in
 * Leadhouse receives the `Warehouse` this returns and never asks which mode it is in.
 */

export {
  assertClusterName,
  CLUSTER_SETTINGS,
  distributedEngine,
  LOCAL_SUFFIX,
  localName,
  onCluster,
  REPLICATION_ARGUMENTS,
  replicatedEngine,
} from './cluster.js'
export type {
  EngineQueryOptions,
  EngineResult,
  EngineSession,
  EngineSettings,
  EngineStream,
} from './engine-session.js'
export {
  ClickHouseCode,
  ClickHouseError,
  type ClickHouseErrorOptions,
  toClickHouseError,
} from './errors.js'
export { assertIdentifier, qualifiedName, quoteIdentifier } from './identifiers.js'
export { queryRows } from './rows.js'
export {
  DEFAULT_DATA_DIR,
  dataDirectoryOwner,
  openWarehouse,
  type Warehouse,
  type WarehouseOptions,
  WarehouseUnavailableError,
  warehouseOptionsFromEnv,
} from './warehouse.js'
