-- funnel has one row per month and first-touch channel ('all' included): its key.
select month, first_touch_channel, count() as n_records
from {{ ref('funnel') }}
group by month, first_touch_channel
having n_records > 1
