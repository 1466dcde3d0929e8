{{
    config(
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='(email, rule_id)'
    )
}}

-- Each lead's points per scoring rule, summed at the rule's last hit: a score at any later
-- moment follows from these rows alone (decay the total from the last hit, then cap it), so
-- lead_scores reads one row per lead and rule instead of every hit. Halving is multiplicative:
-- points × 0.5^((now − hit) / half-life) = (points × 0.5^((last − hit) / half-life)) ×
-- 0.5^((now − last) / half-life), and whole seconds between the moments add up the same way.
-- Hits after the scoring moment are left out; the lead's fingerprint changes when time passes
-- them. Incremental: a build redoes the leads whose inputs changed (int_lead_fingerprints).
with
    {{ lead_emails_to_build() }},
    {{ score_as_of() }} as scored_until,
    hits as (
        select
            email,
            ts,
            rule_id,
            criterion,
            kind,
            points,
            max_points,
            half_life_days,
            max(ts) over (partition by email, rule_id) as last_hit_at
        from {{ ref('int_score_hits') }}
        where ts <= scored_until and {{ lead_filter('email') }}
    )
select
    hits.email as email,
    hits.rule_id as rule_id,
    any(hits.criterion) as criterion,
    any(hits.kind) as kind,
    any(hits.max_points) as max_points,
    any(hits.half_life_days) as half_life_days,
    any(hits.last_hit_at) as last_hit_at,
    {{ stable_sum("hits.points * " ~ decay('hits.ts', 'hits.last_hit_at', 'hits.half_life_days')) }}
        as points_at_last_hit,
    any(fingerprints.fingerprint) as inputs_fingerprint
from hits
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = hits.email
group by hits.email, hits.rule_id
