-- The BI view over `score_trajectory`: its columns are the contract in _bi__models.yml.
SELECT
  email,
  day,
  as_of,
  score,
  fit_score,
  engagement_score,
  negative_score,
  change,
  main_cause
FROM {{ ref('score_trajectory') }}
