-- The BI view over `kpi_daily`: its columns are the contract in _bi__models.yml.
SELECT
  day,
  visitors,
  pageviews,
  new_leads,
  new_web_leads,
  visitor_to_lead_rate,
  mqls,
  sqls,
  reopened,
  reactivated,
  emails_sent,
  email_opens,
  email_clicks,
  email_open_rate,
  email_click_rate,
  email_click_to_open_rate
FROM {{ ref('kpi_daily') }}
