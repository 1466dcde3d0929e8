-- lifecycle_stages has one row per lead and stage number: its key.
select email, stage_number, count() as n_records
from {{ ref('lifecycle_stages') }}
group by email, stage_number
having n_records > 1
