-- The BI view over `attribution`: its columns are the contract in _bi__models.yml.
SELECT
  conversion_id,
  lead_id,
  email,
  site_id,
  conversion,
  converted_at,
  model,
  touch_position,
  touchpoint_id,
  touched_at,
  channel,
  source,
  medium,
  campaign,
  credit,
  revenue
FROM {{ ref('attribution') }}
