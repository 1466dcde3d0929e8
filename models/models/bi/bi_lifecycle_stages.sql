-- The BI view over `lifecycle_stages`: its columns are the contract in _bi__models.yml.
SELECT
  email,
  stage,
  entered_at,
  stage_number,
  previous_stage,
  exited_at,
  is_current
FROM {{ ref('lifecycle_stages') }}
