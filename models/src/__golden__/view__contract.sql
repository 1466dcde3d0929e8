CREATE OR REPLACE VIEW `bi`.`people_view` (
  `id` UInt64 COMMENT 'The person\'s id, as C:\\ writes it',
  `email` String,
  `score` Decimal(18,2)
) AS
SELECT toUInt64(number) AS id, concat('p', toString(number), '@example.com') AS email, toDecimal64(number, 2) AS score FROM numbers(3);
