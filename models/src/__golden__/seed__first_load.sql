DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_new` SYNC;

DROP TABLE IF EXISTS `jaffle`.`raw_customers__dbt_text` SYNC;

CREATE TABLE `jaffle`.`raw_customers__dbt_new` (
  `id` Int64,
  `first_name` String,
  `last_name` String
)
ENGINE = MergeTree()
ORDER BY tuple()
COMMENT 'dbt seed 19e74dc2986d3f6064515ae1da13ba9acf40d30dd64eee8123d49e9e2c8c3667';

-- the CSV rows are inserted into `jaffle`.`raw_customers__dbt_new`;

RENAME TABLE `jaffle`.`raw_customers__dbt_new` TO `jaffle`.`raw_customers`;
