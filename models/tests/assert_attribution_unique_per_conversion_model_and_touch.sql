-- One row per conversion, model and credited touch. Grouped by one 64-bit hash of the three, as
-- assert_attribution_credits_sum_to_one is: two keys sharing a hash would be reported, not hidden.
select any(conversion_id) as failing_conversion, any(model) as failing_model, any(touchpoint_id) as failing_touchpoint, count() as n
from {{ ref('attribution') }}
group by cityHash64(conversion_id, model, touchpoint_id)
having n > 1
