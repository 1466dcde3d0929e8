-- touchpoint_days has one row per day, site, channel and device: its key. Grouped by one 64-bit
-- hash of the key rather than by its strings, as assert_attribution_credits_sum_to_one is: this
-- runs at every build, on about as many rows as touchpoints.
select any(day) as failing_day, any(anonymous_id) as failing_anonymous_id, count() as n_records
from {{ ref('touchpoint_days') }}
group by cityHash64(day, site_id, channel, anonymous_id)
having n_records > 1
