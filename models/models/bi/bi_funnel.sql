-- The BI view over `funnel`: its columns are the contract in _bi__models.yml.
SELECT
  month,
  first_touch_channel,
  leads,
  mqls,
  sqls,
  opportunities,
  customers,
  lead_to_mql_rate,
  mql_to_sql_rate,
  sql_to_opportunity_rate,
  opportunity_to_customer_rate,
  lead_to_customer_rate,
  median_days_lead_to_mql,
  median_days_mql_to_sql,
  median_days_sql_to_opportunity,
  median_days_opportunity_to_customer
FROM {{ ref('funnel') }}
