{{
    config(
        materialized='incremental',
        unique_key='event_id',
        order_by='(email, ts)'
    )
}}

-- Opens and clicks recorded by the email links (`/o/…`, `/c/…`): events of a lead without a
-- browser, so without an anonymous id. Incremental: a build adds what was received since the
-- last one; an event delivered again replaces its earlier delivery.
select *, {{ event_settings_fingerprint() }} as settings_fingerprint
from (
    {% if is_incremental() -%}
    {{ deduplicated_events(
        "anonymous_id = '' and email != '' and type = 'event' and received_at > " ~ received_since(this)
        ~ " and " ~ require_same_event_settings(this)
    ) }}
    {%- else -%}
    {{ deduplicated_events("anonymous_id = '' and email != '' and type = 'event'") }}
    {%- endif %}
)
