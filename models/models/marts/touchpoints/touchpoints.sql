{{
    config(
        materialized='incremental',
        unique_key='anonymous_id',
        order_by='(anonymous_id, ts)'
    )
}}

-- One touchpoint per session, with its channel: int_touchpoints_classified as BI tools and the
-- dashboard read it. Incremental: a build copies the people that model redid (the same
-- question, asked of this table), so this table equals it.
-- depends_on: {{ ref('int_sessionized_events') }}, {{ ref('int_identity') }}, {{ ref('int_email_link_events') }}
{% if is_incremental() -%}
with
    {{ people_with_new_sessions() }}
{% endif -%}
select *
from {{ ref('int_touchpoints_classified') }}
{% if is_incremental() -%}
where anonymous_id in (select arrayJoin(rebuilt_visitor_ids))
{%- endif %}
