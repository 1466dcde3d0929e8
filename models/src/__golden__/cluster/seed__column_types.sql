DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_text` ON CLUSTER 'leadhouse_cluster' SYNC;

CREATE TABLE `jaffle`.`raw_payments__dbt_new_local` ON CLUSTER 'leadhouse_cluster' (
  `id` Int64,
  `order_id` Int64,
  `payment_method` String,
  `amount` Decimal(18, 2)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')
ORDER BY tuple();

CREATE TABLE `jaffle`.`raw_payments__dbt_new` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`raw_payments__dbt_new_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `raw_payments__dbt_new_local`, rand());

CREATE TABLE `jaffle`.`raw_payments__dbt_text` ON CLUSTER 'leadhouse_cluster' (
  `__dbt_seed_line` UInt32,
  `id` Int64,
  `order_id` Int64,
  `payment_method` String,
  `amount` Nullable(String)
)
ENGINE = Memory;

-- the CSV rows are inserted into `jaffle`.`raw_payments__dbt_text`;

INSERT INTO `jaffle`.`raw_payments__dbt_new` (`id`, `order_id`, `payment_method`, `amount`)
SELECT
  `id`,
  `order_id`,
  `payment_method`,
  if(isNull(`amount`), defaultValueOfTypeName('Decimal(18, 2)'), accurateCast(assumeNotNull(`amount`), 'Decimal(18, 2)'))
FROM `jaffle`.`raw_payments__dbt_text`
ORDER BY `__dbt_seed_line`;

DROP TABLE `jaffle`.`raw_payments__dbt_text` ON CLUSTER 'leadhouse_cluster' SYNC;

SYSTEM SYNC REPLICA ON CLUSTER 'leadhouse_cluster' `jaffle`.`raw_payments__dbt_new_local`;

EXCHANGE TABLES `jaffle`.`raw_payments__dbt_new_local` AND `jaffle`.`raw_payments_local` ON CLUSTER 'leadhouse_cluster';

CREATE OR REPLACE TABLE `jaffle`.`raw_payments` ON CLUSTER 'leadhouse_cluster' AS `jaffle`.`raw_payments_local`
ENGINE = Distributed('leadhouse_cluster', `jaffle`, `raw_payments_local`, rand())
COMMENT 'dbt seed a1b394038ec3af61bec66005e89e383ec0777e9aa2149b07eceb39164609c307';

DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_new` ON CLUSTER 'leadhouse_cluster' SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_new_local` ON CLUSTER 'leadhouse_cluster' SYNC;
