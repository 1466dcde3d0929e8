/**
 * Versioned migrations of the raw tables. Append new versions; never edit an applied one
 * (its checksum is recorded and checked at start). Every statement is idempotent, so a
 * migration interrupted half-way is simply run again.
 */
export interface Migration {
  version: number
  name: string
  /** Statements for database `db` (a validated, quoted identifier). */
  statements: (db: string) => string[]
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'raw tables',
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.events
(
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
)
ENGINE = ReplacingMergeTree(received_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (site_id, toDate(ts), event_id)`,
      `CREATE TABLE IF NOT EXISTS ${db}.crm_events
(
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
)
ENGINE = ReplacingMergeTree(received_at)
ORDER BY record_id`,
      `CREATE TABLE IF NOT EXISTS ${db}.campaign_costs
(
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
)
ENGINE = ReplacingMergeTree(received_at)
ORDER BY (day, channel, source, campaign)`,
      `CREATE TABLE IF NOT EXISTS ${db}.rejected_events
(
    received_at DateTime64(3, 'UTC'),
    endpoint LowCardinality(String),
    site_id String,
    code LowCardinality(String),
    field String,
    reason String,
    payload String COMMENT 'the raw input, or its first 4 KB when oversized',
    payload_bytes UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY received_at`,
    ],
  },
  {
    version: 2,
    name: 'engagement columns',
    statements: (db) => [
      `ALTER TABLE ${db}.events
    ADD COLUMN IF NOT EXISTS engaged_ms UInt32 COMMENT 'engagement events: visible time since the last report' AFTER props,
    ADD COLUMN IF NOT EXISTS scroll_depth UInt8 COMMENT 'engagement events: deepest scroll, percent of the page' AFTER engaged_ms`,
    ],
  },
  {
    version: 3,
    name: 'insert deduplication for the spool',
    // The spool inserts each segment with a dedup token; non-replicated MergeTree tables honour
    // tokens only within this window of recent inserts.
    statements: (db) => [
      `ALTER TABLE ${db}.events MODIFY SETTING non_replicated_deduplication_window = 10000`,
      `ALTER TABLE ${db}.rejected_events MODIFY SETTING non_replicated_deduplication_window = 10000`,
    ],
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
    statements: (db) =>
      ['events', 'crm_events', 'campaign_costs'].flatMap((table) => [
        `ALTER TABLE ${db}.${table}
    ADD COLUMN IF NOT EXISTS inserted_at DateTime64(6, 'UTC') MATERIALIZED now64(6) COMMENT 'when the warehouse stored the row: what the models find new rows by'`,
        `ALTER TABLE ${db}.${table} MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2`,
      ]),
  },
  {
    version: 5,
    name: 'erasure leaves nothing behind',
    // An erasure rewrites the parts holding the person; the parts it replaced are deleted by the
    // engine's cleanup, every second with these settings (by default every 30 s to 5 minutes).
    // Older erasures wrote the email into their mutation's text, which ClickHouse keeps for the
    // last 100 mutations of a table: only the last one is kept from now on.
    statements: (db) =>
      ['events', 'crm_events', 'rejected_events'].map(
        (table) =>
          `ALTER TABLE ${db}.${table} MODIFY SETTING finished_mutations_to_keep = 1, cleanup_delay_period = 1, max_cleanup_delay_period = 1, cleanup_delay_period_random_add = 0`,
      ),
  },
  {
    version: 6,
    name: 'installation id',
    // A random id of this warehouse, repeated in the spool's marker: a spool written for another
    // warehouse is refused rather than replayed into this one (the collector's installation.ts reads it).
    statements: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.installation
(
    warehouse_id UUID COMMENT 'random, made once; the spool marker names it',
    created_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY created_at`,
      `INSERT INTO ${db}.installation (warehouse_id)
SELECT generateUUIDv4() WHERE (SELECT count() FROM ${db}.installation) = 0`,
    ],
  },
]
