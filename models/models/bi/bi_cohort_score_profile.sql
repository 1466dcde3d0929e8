-- The BI view over `cohort_score_profile`: its columns are the contract in _bi__models.yml.
SELECT
  month,
  leads,
  cold,
  warm,
  hot,
  red,
  yellow,
  green,
  mql_at_month_end,
  mean_score,
  p25_score,
  median_score,
  p75_score,
  median_change,
  mean_change,
  leads_change
FROM {{ ref('cohort_score_profile') }}
