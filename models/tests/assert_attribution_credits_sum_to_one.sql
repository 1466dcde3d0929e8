-- Under every model, a conversion's credits add up to 1 (within floating-point rounding).
-- Grouped by one 64-bit hash of the conversion and model rather than by the two strings: faster
-- on millions of rows (docs/performance.md), and this test runs at every build. Two pairs sharing a hash
-- (a chance of a few in a billion) would be reported together, and hide nothing unless their
-- errors cancel out exactly.
select any(conversion_id) as failing_conversion, any(model) as failing_model, sum(credit) as total
from {{ ref('attribution') }}
group by cityHash64(conversion_id, model)
having abs(total - 1) > 1e-9
