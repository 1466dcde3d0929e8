{{
    config(
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='(email, as_of)'
    )
}}

-- Each lead's score at every moment a rule matched: scores rise only then (between hits they
-- decay), so this is where thresholds are crossed. Incremental: a build redoes the leads whose
-- inputs changed (int_lead_fingerprints).
with
    {{ lead_emails_to_build() }},
    evaluations as (
        select distinct email, ts as as_of
        from {{ ref('int_score_hits') }}
        where ts <= {{ score_as_of() }} and {{ lead_filter('email') }}
    ),
    scored as (
        {{ scores_at('evaluations', leads=lead_filter('email'), activity_leads=activity_lead_filter()) }}
    )
select
    scored.email as email,
    scored.as_of as as_of,
    scored.score as score,
    scored.fit_score as fit_score,
    scored.engagement_score as engagement_score,
    scored.negative_score as negative_score,
    fingerprints.fingerprint as inputs_fingerprint
from scored
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = scored.email
