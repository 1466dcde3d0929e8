-- attribution_daily has one row per day, model, conversion, first_of_kind, site and channel: its key.
select day, model, conversion, first_of_kind, site_id, channel, count() as n_records
from {{ ref('attribution_daily') }}
group by day, model, conversion, first_of_kind, site_id, channel
having n_records > 1
