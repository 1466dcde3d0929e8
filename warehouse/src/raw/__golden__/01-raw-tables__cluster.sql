CREATE TABLE IF NOT EXISTS `leadhouse`.events_local ON CLUSTER 'leadhouse_cluster'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', received_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (site_id, toDate(ts), event_id);

CREATE TABLE IF NOT EXISTS `leadhouse`.events ON CLUSTER 'leadhouse_cluster' AS `leadhouse`.events_local
ENGINE = Distributed('leadhouse_cluster', `leadhouse`, `events_local`, cityHash64(event_id));

CREATE TABLE IF NOT EXISTS `leadhouse`.crm_events_local ON CLUSTER 'leadhouse_cluster'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', received_at)
ORDER BY record_id;

CREATE TABLE IF NOT EXISTS `leadhouse`.crm_events ON CLUSTER 'leadhouse_cluster' AS `leadhouse`.crm_events_local
ENGINE = Distributed('leadhouse_cluster', `leadhouse`, `crm_events_local`, cityHash64(record_id));

CREATE TABLE IF NOT EXISTS `leadhouse`.campaign_costs_local ON CLUSTER 'leadhouse_cluster'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', received_at)
ORDER BY (day, channel, source, campaign);

CREATE TABLE IF NOT EXISTS `leadhouse`.campaign_costs ON CLUSTER 'leadhouse_cluster' AS `leadhouse`.campaign_costs_local
ENGINE = Distributed('leadhouse_cluster', `leadhouse`, `campaign_costs_local`, cityHash64(day, channel, source, campaign));

CREATE TABLE IF NOT EXISTS `leadhouse`.rejected_events_local ON CLUSTER 'leadhouse_cluster'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
PARTITION BY toYYYYMM(received_at)
ORDER BY received_at;

CREATE TABLE IF NOT EXISTS `leadhouse`.rejected_events ON CLUSTER 'leadhouse_cluster' AS `leadhouse`.rejected_events_local
ENGINE = Distributed('leadhouse_cluster', `leadhouse`, `rejected_events_local`, rand());
