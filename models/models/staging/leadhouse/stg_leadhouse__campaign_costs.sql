-- Campaign spend per day, channel, source and campaign; a row sent again replaces the earlier one
-- (the one received last, whatever order they reach the warehouse in). A view: the marts that
-- read it are built whole at every build, so costs sent late or out of order are always in.
select
    day,
    channel,
    source,
    medium,
    campaign,
    cost,
    currency,
    impressions,
    clicks,
    received_at,
    inserted_at
from {{ source('leadhouse', 'campaign_costs') }}
order by received_at desc, inserted_at desc
limit 1 by day, channel, source, campaign
