-- Every person's history is numbered 1, 2, 3, ... without gaps or repeats.
select person_key, count() as entries, min(seq) as first_seq, max(seq) as last_seq
from {{ ref('activity_log') }}
group by person_key
having first_seq != 1 or last_seq != entries or uniqExact(seq) != entries
