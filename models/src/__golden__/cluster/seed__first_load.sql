DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_text` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE TABLE `jaffle`.`raw_customers__dbt_new_local` ON CLUSTER 'leadhouse_cluster' (
  `id` Int64,
  `first_name` String,
  `last_name` String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY tuple();

CREATE TABLE `jaffle`.`raw_customers__dbt_new` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`raw_customers__dbt_new_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `raw_customers__dbt_new_local`, rand());

-- the CSV rows are inserted into `jaffle`.`raw_customers__dbt_new`;

SYSTEM SYNC REPLICA ON CLUSTER 'leadhouse_cluster' `jaffle`.`raw_customers__dbt_new_local`;

RENAME TABLE `jaffle`.`raw_customers__dbt_new_local` TO `jaffle`.`raw_customers_local` ON CLUSTER 'leadhouse_cluster';

CREATE OR REPLACE TABLE `jaffle`.`raw_customers` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`raw_customers_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `raw_customers_local`, rand())
COMMENT 'dbt seed 19e74dc2986d3f6064515ae1da13ba9acf40d30dd64eee8123d49e9e2c8c3667';

DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;
