-- The last point of every lead's trajectory is their current score.
select trajectory.email, trajectory.score, scores.score
from (
    select email, argMax(score, as_of) as score from {{ ref('score_trajectory') }} group by email
) as trajectory
inner join {{ ref('lead_scores') }} as scores on scores.email = trajectory.email
where trajectory.score != scores.score
