-- One row per conversion, model and credited touch.
select conversion_id, model, touchpoint_id, count() as n
from {{ ref('attribution') }}
group by conversion_id, model, touchpoint_id
having n > 1
