{{ config(order_by='month') }}

-- The lead-score profile of each month's new leads: all leads created in a month, scored at the
-- end of that month (or now, for the current month). Month over month this shows whether lead
-- quality is rising or falling. The scores are int_cohort_scores'.
with
    {{ score_as_of() }} as scored_until,
    banded as (
        select
            month,
            score,
            {{ score_band('score', 'temperature') }} as temperature,
            {{ score_band('score', 'traffic_light') }} as traffic_light,
            score >= {{ mql_threshold() }} as is_mql
        from {{ ref('int_cohort_scores') }}
        -- Rows of a lead who is no longer one, or whose first month changed, stay out.
        where (email, month) in (
            select email, toStartOfMonth(identified_at) from {{ ref('int_leads') }}
            where identified_at <= scored_until
        )
    ),
    months as (
        select
            month,
            count() as leads,
            countIf(temperature = 'cold') as cold,
            countIf(temperature = 'warm') as warm,
            countIf(temperature = 'hot') as hot,
            countIf(traffic_light = 'red') as red,
            countIf(traffic_light = 'yellow') as yellow,
            countIf(traffic_light = 'green') as green,
            countIf(is_mql) as mql_at_month_end,
            round(avg(score), 1) as mean_score,
            round(quantileExact(0.25)(score), 1) as p25_score,
            round(quantileExact(0.5)(score), 1) as median_score,
            round(quantileExact(0.75)(score), 1) as p75_score
        from banded
        group by month
    )
select
    *,
    -- Against the previous month with leads; NULL for the first.
    round(median_score - lagInFrame(toNullable(median_score), 1, null) over by_month, 1) as median_change,
    round(mean_score - lagInFrame(toNullable(mean_score), 1, null) over by_month, 1) as mean_change,
    toInt64(leads) - lagInFrame(toNullable(toInt64(leads)), 1, null) over by_month as leads_change
from months
window by_month as (order by month rows between unbounded preceding and current row)
