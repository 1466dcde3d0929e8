{{ config(materialized='table', order_by='(email, as_of)') }}

-- Each lead's score at every moment a rule matched: scores rise only then (between hits they
-- decay), so this is where thresholds are crossed.
with
    evaluations as (
        select distinct email, ts as as_of
        from {{ ref('int_score_hits') }}
        where ts <= {{ score_as_of() }}
    ),
    scored as (
        {{ scores_at('evaluations') }}
    )
select email, as_of, score, fit_score, engagement_score, negative_score
from scored
