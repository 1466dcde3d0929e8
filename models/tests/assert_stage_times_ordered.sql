-- A lead's stages are entered in the order they are numbered, and left no earlier than entered.
select email, stage_number, entered_at, exited_at
from (
    select
        *,
        lagInFrame(entered_at) over (
            partition by email order by stage_number rows between unbounded preceding and current row
        ) as previous_entered_at
    from {{ ref('lifecycle_stages') }}
)
where exited_at < entered_at or (stage_number > 1 and entered_at < previous_entered_at)
