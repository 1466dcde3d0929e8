-- score_trajectory has one row per lead and day: its key.
select email, day, count() as n_records
from {{ ref('score_trajectory') }}
group by email, day
having n_records > 1
