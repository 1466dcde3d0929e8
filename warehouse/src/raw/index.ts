/**
 * @leadhouse/warehouse/raw: the raw tables' one home. Their DDL and `migrate`, the rows writers
 * insert and their column lists, and the one DateTime64 format. Whoever writes or reads
 * `events`, `crm_events`, `campaign_costs` or `rejected_events` imports them from here.
 */

export { toDateTime64 } from './date-time.js'
export { MigrationError, migrate } from './migrate.js'
export { MIGRATIONS, type Migration } from './migrations.js'
export {
  CAMPAIGN_COST_COLUMNS,
  type CampaignCostRow,
  CRM_EVENT_COLUMNS,
  type CrmEventRow,
  EVENT_COLUMNS,
  type EventRow,
  type PartialCrmEventRow,
  type PartialEventRow,
  RAW_TABLES,
  type RawTable,
  REJECTED_EVENT_COLUMNS,
  type RejectedEventRow,
} from './tables.js'
