-- No credit to a touch after the conversion or more than var attribution_lookback_days before it.
select conversion_id, model, touchpoint_id, touched_at, converted_at
from {{ ref('attribution') }}
where touchpoint_id != ''
    and (
        touched_at >= converted_at
        or touched_at < converted_at - interval {{ var('attribution_lookback_days', 90) }} day
    )
