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
    cohorts as (
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
            -- Nullable: a month without new leads has no scores.
            toNullable(round(avg(score), 1)) as mean_score,
            -- One sort for the three.
            quantilesExactInclusive(0.25, 0.5, 0.75)(score) as quartiles,
            toNullable(round(quartiles[1], 1)) as p25_score,
            toNullable(round(quartiles[2], 1)) as median_score,
            toNullable(round(quartiles[3], 1)) as p75_score
        from banded
        group by month
    ),
    -- Every month from the first cohort's to the last: one without new leads is a row of zeros,
    -- so month over month compares neighbouring months.
    months as (
        select addMonths(first_month, arrayJoin(range(toUInt32(dateDiff('month', first_month, last_month) + 1))))
            as month
        from (
            -- The leads' months, as cohorts has them (not cohorts itself: a CTE read twice is
            -- computed twice).
            select
                toStartOfMonth(min(identified_at)) as first_month,
                toStartOfMonth(max(identified_at)) as last_month,
                count() as n
            from {{ ref('int_leads') }}
            where identified_at <= scored_until
        )
        where n > 0
    ),
    profiles as (
        select
            months.month as month,
            cohorts.leads as leads,
            cohorts.cold as cold,
            cohorts.warm as warm,
            cohorts.hot as hot,
            cohorts.red as red,
            cohorts.yellow as yellow,
            cohorts.green as green,
            cohorts.mql_at_month_end as mql_at_month_end,
            cohorts.mean_score as mean_score,
            cohorts.p25_score as p25_score,
            cohorts.median_score as median_score,
            cohorts.p75_score as p75_score
        from months
        left join cohorts on cohorts.month = months.month
    )
select
    *,
    -- Against the previous month; NULL for the first, and for a month without leads or after one.
    round(median_score - lagInFrame(median_score, 1, null) over by_month, 1) as median_change,
    round(mean_score - lagInFrame(mean_score, 1, null) over by_month, 1) as mean_change,
    toInt64(leads) - lagInFrame(toNullable(toInt64(leads)), 1, null) over by_month as leads_change
from profiles
window by_month as (order by month rows between unbounded preceding and current row)
