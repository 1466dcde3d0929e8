-- The BI view over `attribution_paths`: its columns are the contract in _bi__models.yml.
SELECT
  conversion_id,
  email,
  site_id,
  conversion,
  converted_at,
  revenue,
  lead_created_at,
  opportunity_created_at,
  channel_path,
  path_length,
  path_text,
  days_to_convert,
  touchpoint_ids,
  touched_at,
  sources,
  mediums,
  campaigns
FROM {{ ref('attribution_paths') }}
