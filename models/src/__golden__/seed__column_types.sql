DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_new` SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_payments__dbt_text` SYNC;

CREATE TABLE `jaffle`.`raw_payments__dbt_new` (
  `id` Int64,
  `order_id` Int64,
  `payment_method` String,
  `amount` Decimal(18, 2)
)
ENGINE = MergeTree()
ORDER BY tuple()
COMMENT 'dbt seed a1b394038ec3af61bec66005e89e383ec0777e9aa2149b07eceb39164609c307';

CREATE TABLE `jaffle`.`raw_payments__dbt_text` (
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

DROP TABLE `jaffle`.`raw_payments__dbt_text` SYNC;

EXCHANGE TABLES `jaffle`.`raw_payments__dbt_new` AND `jaffle`.`raw_payments`;

DROP TABLE `jaffle`.`raw_payments__dbt_new` SYNC;
