CREATE DATABASE IF NOT EXISTS `leadhouse` ON CLUSTER 'leadhouse_cluster';

CREATE TABLE IF NOT EXISTS `leadhouse`.schema_migrations_local ON CLUSTER 'leadhouse_cluster'
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', applied_at)
ORDER BY version;

CREATE TABLE IF NOT EXISTS `leadhouse`.schema_migrations ON CLUSTER 'leadhouse_cluster' AS `leadhouse`.schema_migrations_local
ENGINE = Distributed('leadhouse_cluster', `leadhouse`, `schema_migrations_local`, version);
