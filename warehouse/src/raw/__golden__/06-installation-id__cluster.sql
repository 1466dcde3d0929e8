CREATE TABLE IF NOT EXISTS `leadhouse`.installation_local ON CLUSTER 'leadhouse_cluster'
(
    warehouse_id UUID COMMENT 'random, made once; the spool marker names it',
    created_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY created_at;

CREATE TABLE IF NOT EXISTS `leadhouse`.installation ON CLUSTER 'leadhouse_cluster' AS `leadhouse`.installation_local
ENGINE = Distributed('leadhouse_cluster', `leadhouse`, `installation_local`, rand());

INSERT INTO `leadhouse`.installation (warehouse_id)
SELECT generateUUIDv4() WHERE (SELECT count() FROM `leadhouse`.installation) = 0;
