-- The BI view over `lead_scores`: its columns are the contract in _bi__models.yml.
SELECT
  email,
  scored_at,
  score,
  fit_score,
  engagement_score,
  negative_score,
  temperature,
  traffic_light,
  is_mql,
  reasons,
  reasons_text
FROM {{ ref('lead_scores') }}
