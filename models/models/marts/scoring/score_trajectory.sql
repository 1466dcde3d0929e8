{{ config(order_by='(email, day)') }}

-- How each lead's score moved: the score at the end of the day of their first activity, of every
-- day a rule matched, and today's,
-- with the change since the previous row and its main cause (the rule that brought the most
-- points that day, or decay). Days without a match are left out: between two rows the score
-- only decays. The last row is the current score.
with
    {{ score_as_of() }} as scored_until,
    hit_days as (
        select email, toDate(ts) as day from {{ ref('int_score_hits') }}
        where ts <= scored_until
        union distinct
        -- From the first activity on: the trajectory starts where the lead's history does.
        select email, toDate(min(ts)) as day from {{ ref('activity_log') }}
        where email != '' and ts <= scored_until
        group by email
        union distinct
        select email, toDate(scored_until) as day from {{ ref('int_leads') }}
    ),
    evaluations as (
        select
            email,
            day,
            least(
                toDateTime64(day, 3, 'UTC') + interval 1 day - interval 1 millisecond,
                scored_until
            ) as as_of
        from hit_days
    ),
    scored as (
        {{ scores_at('evaluations') }}
    ),
    causes as (
        -- Ties go to the rule id that sorts last, so every build names the same cause.
        select email, toDate(ts) as day, argMax(criterion, (abs(day_points), rule_id)) as main_cause
        from (
            select email, ts, criterion, rule_id,
                sum(points) over (partition by email, toDate(ts), rule_id) as day_points
            from {{ ref('int_score_hits') }}
            where ts <= scored_until
        )
        group by email, day
    )
select
    scored.email as email,
    toDate(scored.as_of) as day,
    scored.as_of as as_of,
    scored.score as score,
    scored.fit_score as fit_score,
    scored.engagement_score as engagement_score,
    scored.negative_score as negative_score,
    round(scored.score - lagInFrame(scored.score, 1, 0) over lead, 1) as change,
    multiIf(causes.main_cause != '', causes.main_cause, change != 0, 'decay', 'no change') as main_cause
from scored
left join causes on causes.email = scored.email and causes.day = toDate(scored.as_of)
window lead as (partition by scored.email order by scored.as_of rows between unbounded preceding and current row)
