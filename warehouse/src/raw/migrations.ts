/**
 * Versioned migrations of the raw tables. Append new versions; never edit an applied one
 * (its checksum is recorded and checked at start). Every statement is idempotent, so a
 * migration interrupted half-way is simply run again. On a cluster (`cluster` set) each table is
 * `<name>_local` (Replicated*) on every shard behind a Distributed `<name>`, created and altered
 * ON CLUSTER: `ddl.ts` renders both forms, and the golden files pin them.
 */
import { ddlFor } from './ddl.js'

export interface Migration {
  version: number
  name: string
  /**
   * Statements for database `db` (a validated, quoted identifier), on `cluster` when one is
   * given (validated), else on a single node.
   */
  statements: (db: string, cluster?: string) => string[]
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'raw tables',
    statements: (db, cluster) => {
      const ddl = ddlFor(db, cluster)
      return [
        ...ddl.createTable('events', {
          columns: `
    event_id UUID COMMENT 'UUID made by the client; the dedup key',
    site_id LowCardinality(String),
    type LowCardinality(String) COMMENT 'pageview, identify, event, engagement',
    ts DateTime64(3, 'UTC') COMMENT 'when it happened: the client clock, unless implausible',
    client_ts DateTime64(3, 'UTC') COMMENT 'the client clock as sent',
    received_at DateTime64(3, 'UTC') COMMENT 'when the collector accepted it',
    anonymous_id String,
    session_id String,
    url String,
    path String,
    title String,
    referrer String COMMENT 'external referrer only',
    utm_source String,
    utm_medium String,
    utm_campaign String,
    utm_term String,
    utm_content String,
    click_id_type LowCardinality(String) COMMENT 'gclid, gbraid, wbraid, msclkid, fbclid, li_fat_id, ttclid',
    click_id String,
    email String COMMENT 'identify events only',
    name String COMMENT 'custom event name',
    props String COMMENT 'custom event properties, JSON object',
    is_pricing Bool,
    language LowCardinality(String),
    timezone LowCardinality(String),
    screen LowCardinality(String),
    browser LowCardinality(String),
    browser_version LowCardinality(String),
    os LowCardinality(String),
    device LowCardinality(String),
    is_bot Bool,
    ip String COMMENT 'anonymised: truncated address or salted daily hash, never the raw IP',
    country LowCardinality(String)
`,
          engine: 'ReplacingMergeTree(received_at)',
          keys: 'PARTITION BY toYYYYMM(ts)\nORDER BY (site_id, toDate(ts), event_id)',
          shardingKey: 'cityHash64(event_id)',
        }),
        ...ddl.createTable('crm_events', {
          columns: `
    record_id String COMMENT 'the CRM record id; the idempotency key',
    type LowCardinality(String) COMMENT 'contact, stage_change, call, meeting, trade_fair, offer, opportunity, deal',
    occurred_at DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    email String,
    stage LowCardinality(String),
    decision LowCardinality(String) COMMENT 'accepted or rejected, for SQL decisions',
    outcome LowCardinality(String) COMMENT 'won or lost, for deals',
    amount Decimal(18, 2),
    currency LowCardinality(String),
    owner String,
    name String,
    company String,
    company_size Nullable(UInt32) COMMENT 'employees',
    industry LowCardinality(String),
    country LowCardinality(String),
    job_title String,
    seniority LowCardinality(String),
    budget String,
    authority String,
    need String,
    timeline String,
    notes String,
    attributes Map(String, String)
`,
          engine: 'ReplacingMergeTree(received_at)',
          keys: 'ORDER BY record_id',
          shardingKey: 'cityHash64(record_id)',
        }),
        ...ddl.createTable('campaign_costs', {
          columns: `
    day Date,
    channel LowCardinality(String),
    source String,
    medium String,
    campaign String,
    cost Decimal(18, 2),
    currency LowCardinality(String),
    impressions UInt64,
    clicks UInt64,
    received_at DateTime64(3, 'UTC')
`,
          engine: 'ReplacingMergeTree(received_at)',
          keys: 'ORDER BY (day, channel, source, campaign)',
          shardingKey: 'cityHash64(day, channel, source, campaign)',
        }),
        ...ddl.createTable('rejected_events', {
          columns: `
    received_at DateTime64(3, 'UTC'),
    endpoint LowCardinality(String),
    site_id String,
    code LowCardinality(String),
    field String,
    reason String,
    payload String COMMENT 'the raw input, or its first 4 KB when oversized',
    payload_bytes UInt64
`,
          engine: 'MergeTree',
          keys: 'PARTITION BY toYYYYMM(received_at)\nORDER BY received_at',
        }),
      ]
    },
  },
  {
    version: 2,
    name: 'engagement columns',
    statements: (db, cluster) =>
      ddlFor(db, cluster).alterColumns(
        'events',
        `
    ADD COLUMN IF NOT EXISTS engaged_ms UInt32 COMMENT 'engagement events: visible time since the last report' AFTER props,
    ADD COLUMN IF NOT EXISTS scroll_depth UInt8 COMMENT 'engagement events: deepest scroll, percent of the page' AFTER engaged_ms`,
      ),
  },
  {
    version: 3,
    name: 'insert deduplication for the spool',
    // The spool inserts each segment with a dedup token; non-replicated MergeTree tables honour
    // tokens only within this window of recent inserts. Replicated tables (a cluster) have their
    // own window, kept in Keeper: the same size.
    statements: (db, cluster) => {
      const ddl = ddlFor(db, cluster)
      const setting = cluster
        ? 'replicated_deduplication_window'
        : 'non_replicated_deduplication_window'
      return ['events', 'rejected_events'].flatMap((table) =>
        ddl.alterData(table, ` MODIFY SETTING ${setting} = 10000`),
      )
    },
  },
  {
    version: 4,
    name: 'insertion time stamped by the warehouse',
    // The models find new rows by when the warehouse stored them, not by their own timestamps,
    // which a backfill, an import of history or a late spool carries from the past. MATERIALIZED:
    // no writer can set it (an insert naming it is ignored) and `SELECT *` leaves it out. Rows
    // stored before get the moment of this migration: a column added to existing parts is
    // computed at every read until it is written (now64() would be a new moment each query), so
    // MATERIALIZE COLUMN writes it, a mutation waited for. Run again, it stamps them anew, which
    // only makes the next build redo them.
    // On a cluster the Distributed table gets the column too, for its readers; each shard stamps
    // the rows it stores.
    statements: (db, cluster) => {
      const ddl = ddlFor(db, cluster)
      return ['events', 'crm_events', 'campaign_costs'].flatMap((table) => [
        ...ddl.alterColumns(
          table,
          `
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by'`,
        ),
        ...ddl.alterData(table, ' MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2'),
      ])
    },
  },
  {
    version: 5,
    name: 'erasure leaves nothing behind',
    // An erasure rewrites the parts holding the person; the parts it replaced are deleted by the
    // engine's cleanup, every second with these settings (by default every 30 s to 5 minutes).
    // Older erasures wrote the email into their mutation's text, which ClickHouse keeps for the
    // last 100 mutations of a table: only the last one is kept from now on.
    statements: (db, cluster) => {
      const ddl = ddlFor(db, cluster)
      return ['events', 'crm_events', 'rejected_events'].flatMap((table) =>
        ddl.alterData(
          table,
          ' MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0',
        ),
      )
    },
  },
  {
    version: 6,
    name: 'installation id',
    // A random id of this warehouse, repeated in the spool's marker: a spool written for another
    // warehouse is refused rather than replayed into this one (the collector's installation.ts reads it).
    // On a cluster the insert goes through the Distributed table and is read back through it.
    statements: (db, cluster) => [
      ...ddlFor(db, cluster).createTable('installation', {
        columns: `
    warehouse_id UUID COMMENT 'random, made once; the spool marker names it',
    created_at DateTime64(3, 'UTC') DEFAULT now64(3)
`,
        engine: 'MergeTree',
        keys: 'ORDER BY created_at',
      }),
      `INSERT INTO ${db}.installation (warehouse_id)
SELECT generateUUIDv4() WHERE (SELECT count() FROM ${db}.installation) = 0`,
    ],
  },
]
