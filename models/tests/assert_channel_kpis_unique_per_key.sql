-- channel_kpis has one row per month, site, model, channel, source, medium and campaign: its key.
select month, site_id, model, channel, source, medium, campaign, count() as n_records
from {{ ref('channel_kpis') }}
group by month, site_id, model, channel, source, medium, campaign
having n_records > 1
