{{ config(severity='warn') }}

-- Campaign cost rows whose currency has no rate in the exchange_rates seed for their month:
-- their spend (and impressions and clicks) is left out of channel_kpis until a rate is added.
-- Add the month's rate and rebuild.
select distinct month, channel, source, medium, campaign, cost_rows_without_rate
from {{ ref('channel_kpis') }}
where cost_rows_without_rate > 0
