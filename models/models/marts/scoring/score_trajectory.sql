{{ config(order_by='(email, day)') }}

-- How each lead's score moved: the score at the end of the day of their first activity, of every
-- day a rule matched (int_score_days), and now (lead_scores), with the change since the previous
-- row and its main cause (the rule that brought the most points that day, or decay). Days
-- without a match are left out: between two rows the score only decays. The last row is the
-- current score.
with
    {{ score_as_of() }} as scored_until,
    toDate(scored_until) as today,
    today_hits as (
        select * from {{ ref('int_score_hits') }} where toDate(ts) = today and ts <= scored_until
    ),
    today_causes as (
        {{ day_causes('today_hits') }}
    ),
    points as (
        select email, day, as_of, score, fit_score, engagement_score, negative_score, day_cause
        from {{ ref('int_score_days') }}
        where day < today
        union all
        select
            scores.email,
            today,
            scores.scored_at,
            scores.score,
            scores.fit_score,
            scores.engagement_score,
            scores.negative_score,
            today_causes.day_cause
        from {{ ref('lead_scores') }} as scores
        left join today_causes on today_causes.email = scores.email
    )
select
    email,
    day,
    as_of,
    score,
    fit_score,
    engagement_score,
    negative_score,
    round(score - lagInFrame(score, 1, 0) over lead, 1) as change,
    multiIf(day_cause != '', day_cause, change != 0, 'decay', 'no change') as main_cause
from points
window lead as (partition by email order by as_of rows between unbounded preceding and current row)
