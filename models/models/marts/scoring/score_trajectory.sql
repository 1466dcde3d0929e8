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
    (
        select groupArray(rule_id) from {{ ref('scoring_rules') }} where match_on = 'inactive_days'
    ) as inactivity_rules,
    today_rules as (
        select email, groupUniqArray(rule_id) as rules from {{ ref('int_score_hits') }}
        where toDate(ts) = today and ts <= scored_until
        group by email
    ),
    points as (
        select email, day, as_of, score, fit_score, engagement_score, negative_score, reasons, day_rules
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
            scores.reasons,
            today_rules.rules
        from {{ ref('lead_scores') }} as scores
        left join today_rules on today_rules.email = scores.email
    ),
    changes as (
        select
            *,
            round(score - lagInFrame(score, 1, 0) over lead, 1) as change,
            {{ main_cause('reasons', 'lagInFrame(reasons) over lead', 'day_rules', 'inactivity_rules') }}
                as rule_cause
        from points
        window lead as (partition by email order by as_of rows between unbounded preceding and current row)
    )
select
    email,
    day,
    as_of,
    score,
    fit_score,
    engagement_score,
    negative_score,
    change,
    multiIf(rule_cause != '', rule_cause, change != 0, 'decay', 'no change') as main_cause
from changes
