{{
    config(
        unique_key='email',
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='(email, day)'
    )
}}

-- Each lead's score at the end of every finished day a rule matched and of the day of their
-- first activity, with that day's main cause: the history of score_trajectory, which adds the
-- current score. Days from the scoring moment's on are not finished and are left out.
-- Incremental: a build redoes the leads whose inputs changed (int_lead_fingerprints) and those
-- with a day that has finished since their rows were built. The pre_hook deletes the rows of the
-- first; the rows of the others are replaced by email (unique_key).
{#- The inputs of the leads to build: all in a full build. -#}
{%- set of_leads = 'email in (select arrayJoin(lead_emails))' if is_incremental() else 'true' %}
{%- set activity_of_leads = "person_key in (select concat('lead:', arrayJoin(lead_emails)))" if is_incremental() else 'true' %}
with
    {{ lead_emails_to_build() }},
    {{ score_as_of() }} as scored_until,
    toDate(scored_until) as today,
    {% if is_incremental() -%}
    (
        select groupUniqArray(email) from (
            select arrayJoin(lead_emails_to_build) as email
            union distinct
            -- Leads with a day that has ended since their rows were built.
            {{ score_days_ended_since_built() }}
        )
    ) as lead_emails,
    {% endif -%}
    hits as (
        select email, ts, rule_id, criterion, points from {{ ref('int_score_hits') }}
        where toDate(ts) < today and {{ of_leads }}
    ),
    days as (
        select email, toDate(ts) as day from hits
        union distinct
        -- From the first activity on: the trajectory starts where the lead's history does.
        select email, toDate(assumeNotNull(first_activity_at)) as day
        from {{ ref('int_lead_fingerprints') }}
        where isNotNull(first_activity_at) and toDate(first_activity_at) < today
            and {{ of_leads }}
    ),
    evaluations as (
        select email, day, toDateTime64(day, 3, 'UTC') + interval 1 day - interval 1 millisecond as as_of
        from days
    ),
    scored as (
        {{ scores_at(
            'evaluations',
            leads=of_leads,
            activity_leads=activity_of_leads
        ) }}
    ),
    causes as (
        {{ day_causes('hits') }}
    )
select
    scored.email as email,
    toDate(scored.as_of) as day,
    scored.as_of as as_of,
    scored.score as score,
    scored.fit_score as fit_score,
    scored.engagement_score as engagement_score,
    scored.negative_score as negative_score,
    causes.day_cause as day_cause,
    today as built_for_day,
    fingerprints.fingerprint as inputs_fingerprint
from scored
left join causes on causes.email = scored.email and causes.day = toDate(scored.as_of)
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = scored.email
