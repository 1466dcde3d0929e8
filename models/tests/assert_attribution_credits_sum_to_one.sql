-- Under every model, a conversion's credits add up to 1 (within floating-point rounding).
select conversion_id, model, sum(credit) as total
from {{ ref('attribution') }}
group by conversion_id, model
having abs(total - 1) > 1e-9
