{{
    config(
        pre_hook="{{ delete_stale_lead_rows(also='not month_ended') }}",
        order_by='email'
    )
}}

-- Each lead's score at the end of the month they were created in, or at the scoring moment
-- while that month lasts: what cohort_score_profile profiles. Once the month is over the score
-- changes only with the lead's inputs. Incremental: a build redoes the leads whose inputs
-- changed (int_lead_fingerprints) and those still in their first month (its pre_hook deletes
-- their rows).
{#- The inputs of the leads to build: all in a full build. -#}
{%- set of_leads = lead_filter('email') %}
{%- set activity_of_leads = activity_lead_filter() %}
with
    {{ lead_emails_to_build() }},
    {{ score_as_of() }} as scored_until,
    evaluations as (
        select
            email,
            least(
                toDateTime64(toStartOfMonth(identified_at), 3, 'UTC') + interval 1 month - interval 1 millisecond,
                scored_until
            ) as as_of
        from {{ ref('int_leads') }}
        where identified_at <= scored_until and {{ of_leads }}
    ),
    scored as (
        {{ scores_at('evaluations', leads=of_leads, activity_leads=activity_of_leads) }}
    )
select
    scored.email as email,
    toStartOfMonth(scored.as_of) as month,
    scored.as_of as as_of,
    scored.score as score,
    toBool(scored.as_of < scored_until) as month_ended,
    fingerprints.fingerprint as inputs_fingerprint
from scored
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = scored.email
