{{
    config(
        unique_key='event_id',
        order_by='(email, ts)'
    )
}}

-- Opens and clicks recorded by the email links (`/o/…`, `/c/…`): events of a lead without a
-- browser, so without an anonymous id. Incremental: a build adds what the warehouse stored since
-- the last one (inserted_at); an event delivered again replaces its earlier delivery when
-- received later, as in a full build, and not when a spool drained late delivers an older one.
{%- set links = "anonymous_id = '' and email != '' and type = 'event'" %}
{%- set events = ref('stg_leadhouse__event_deliveries') %}
select *, {{ event_settings_fingerprint() }} as settings_fingerprint
from (
    {% if is_incremental() -%}
    -- The new deliveries, and the rows this table has of the same events: the one received
    -- last stays. (Wrapped: an ORDER BY after a UNION ALL would sort its last SELECT only.)
    select *
    from (
        select {{ event_columns() }} from (
            {{ latest_deliveries(
                events,
                links ~ " and inserted_at > " ~ inserted_since(this) ~ " and " ~ require_same_event_settings(this)
            ) }}
        )
        union all
        select {{ event_columns() }} from {{ this }}
        where event_id in (
            select event_id from {{ events }}
            where {{ links }} and inserted_at > {{ inserted_since(this) }}
        )
    )
    order by received_at desc, inserted_at desc
    limit 1 by event_id
    {%- else -%}
    {{ latest_deliveries(events, links) }}
    {%- endif %}
)
