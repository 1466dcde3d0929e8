{{
    config(
        materialized='incremental',
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='email'
    )
}}

{%- set order = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist'] %}
{%- set order_sql = "['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist']" %}

-- One row per lead of lifecycle_stages: the first time they entered each stage of the funnel
-- or a later one (NULL when never), so that a lead who skipped a stage has reached it too;
-- recycled, reopened and reactivated move no one forward. The read API's funnel and cohorts
-- take a lead's progress from here instead of grouping their stage history at every request.
-- Incremental as lifecycle_stages: a build redoes the leads whose inputs changed.
with
    {{ lead_emails_to_build() }}
select
    email,
    {%- for stage in order %}
    minIf(toNullable(entered_at), indexOf({{ order_sql }}, stage) >= {{ loop.index }}) as {{ stage }}_at,
    {%- endfor %}
    countIf(stage = 'subscriber') > 0 as was_subscriber,
    any(inputs_fingerprint) as inputs_fingerprint
from {{ ref('lifecycle_stages') }}
where {{ lead_filter('email') }}
group by email
