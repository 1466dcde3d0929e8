-- Campaign spend per day, channel, source and campaign; a row sent again replaces the earlier one.
select
    day,
    channel,
    source,
    medium,
    campaign,
    cost,
    currency,
    impressions,
    clicks
from {{ source('leadhouse', 'campaign_costs') }}
order by received_at desc
limit 1 by day, channel, source, campaign
