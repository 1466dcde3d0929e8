{{ config(order_by='(email, day)') }}

-- How each lead's score moved: the score at the end of the day of their first activity, of every
-- day a rule matched (int_score_days), and now (lead_scores), with the change since the previous
-- row and its main cause: of the rules that matched that day and the inactivity rules, the one
-- whose points (capped and decayed) changed most; decay when none did but the score changed.
-- Days without a match are left out: between two rows the score only decays, or an inactivity
-- rule takes effect, which the next row's cause names. The last row is the current score.
with
    {{ score_as_of() }} as scored_until,
    toDate(scored_until) as today,
    {{ score_rule_lists() }} as score_rules,
    today_rules as (
        select email, groupUniqArray(rule_id) as rules from {{ ref('int_score_hits') }}
        where toDate(ts) = today and ts <= scored_until
        group by email
    ),
    -- Each lead's last finished day, what today's row is compared with: the inactivity rules'
    -- points of every lead, and all rules' of those a rule matched today (the only other rules
    -- that can be today's cause), which keeps the arrays read few.
    last_days as (
        select email, argMax(inactivity_points, day) as inactivity_points
        from {{ ref('int_score_days') }}
        where day < today
        group by email
    ),
    last_days_matched_today as (
        select email, argMax(rule_points, day) as rule_points
        from {{ ref('int_score_days') }}
        where day < today and email in (select email from today_rules)
        group by email
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
            {{ main_cause(reason_points('scores.reasons'), 'arrayConcat(last_days_matched_today.rule_points, last_days.inactivity_points)', 'today_rules.rules', 'score_rules') }}
        from {{ ref('lead_scores') }} as scores
        left join last_days on last_days.email = scores.email
        left join last_days_matched_today on last_days_matched_today.email = scores.email
        left join today_rules on today_rules.email = scores.email
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
