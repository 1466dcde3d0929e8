{{
    config(
        materialized='incremental',
        unique_key='event_id',
        order_by='(person_key, ts, event_id)'
    )
}}

-- Every page view, event and identification of every visitor and lead, in order, with the
-- sales log's entries interleaved: int_activities_sequenced as BI tools and the dashboard read
-- it. Incremental: a build copies the histories that model redid (the same question, asked of
-- this table), so this table equals it.
-- depends_on: {{ ref('int_sessionized_events') }}, {{ ref('int_identity') }}, {{ ref('stg_leadhouse__crm_events') }}, {{ ref('int_email_link_events') }}
{% if is_incremental() -%}
with
    {{ people_with_new_activity() }}
{% endif -%}
select *
from {{ ref('int_activities_sequenced') }}
{% if is_incremental() -%}
-- A visitor's entries, and a lead's entries without a browser (sales log, email links).
where anonymous_id in (select arrayJoin(rebuilt_visitor_ids))
    or (anonymous_id = '' and email in (select arrayJoin(changed_lead_emails)))
{%- endif %}
