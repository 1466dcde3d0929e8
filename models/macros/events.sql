{#
  The columns of stg_leadhouse__event_deliveries, in order, comma-separated: the one list of the
  SDK events' columns the models read, for the tables built from them to union their own rows
  with new ones by name. `without`: names to leave out (columns a table does not keep).
#}
{% macro event_columns(without=[]) -%}
    {%- set columns = [
        'event_id', 'site_id', 'type', 'ts', 'received_at', 'inserted_at', 'anonymous_id', 'session_id',
        'url', 'path', 'title', 'referrer', 'referrer_domain', 'utm_source', 'utm_medium', 'utm_campaign',
        'utm_term', 'utm_content', 'click_id_type', 'click_id', 'email', 'name', 'props', 'is_pricing',
        'engaged_ms', 'scroll_depth', 'language', 'device', 'country'
    ] -%}
    {%- set kept = namespace(names=[]) -%}
    {%- for column in columns -%}
        {%- if column not in without -%}
            {%- set kept.names = kept.names + [column] -%}
        {%- endif -%}
    {%- endfor -%}
    {{ kept.names | join(', ') }}
{%- endmacro %}

{#
  The deliveries of `relation` (stg_leadhouse__event_deliveries, or a table with its columns)
  where `where` holds, one per event_id: the latest (client retries and spool replays deliver an
  event more than once). The filter comes before the deduplication, in the same SELECT, so an
  incremental build that wants one visitor's new events reads only theirs, not every event.
#}
{% macro latest_deliveries(relation, where='true') -%}
    select *
    from {{ relation }}
    where {{ where }}
    -- Deliveries received at one moment (a segment replayed): the last stored, as a merge keeps.
    order by received_at desc, inserted_at desc
    limit 1 by event_id
{%- endmacro %}
