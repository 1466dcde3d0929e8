{#
  Incremental builds of people's histories. A build takes the rows received since the newest
  `received_at` its table has, less var incremental_lookback_minutes (60): events are stamped
  when the collector accepts them and reach the warehouse a little later, through the spool.
#}
{% macro received_since(relation) -%}
    (select max(received_at) from {{ relation }}) - interval {{ var('incremental_lookback_minutes', 60) }} minute
{%- endmacro %}

{#
  The people whose rows an incremental build of a history (a mart with anonymous_id and email
  columns, `this`) redoes, whole: a lead's order and numbering span all their devices, so one
  new event renumbers all of it. Defines two CTEs:
  - changed_leads: the leads of the visitors in `changed_visitors` (a relation with
    anonymous_id), now and as this table last had them (a visitor identified again moves to
    another lead, which then lost a device), and the emails `more_leads` selects;
  - rebuilt_visitors: the visitors in `changed_visitors` and every device of a changed lead,
    now and before.
#}
{% macro people_to_rebuild(changed_visitors, more_leads='') -%}
    changed_leads as (
        select lead_email as email from {{ ref('int_identity') }}
        where anonymous_id in (select anonymous_id from {{ changed_visitors }})
        union distinct
        select email from {{ this }}
        where email != '' and anonymous_id in (select anonymous_id from {{ changed_visitors }})
        {%- if more_leads %}
        union distinct
        {{ more_leads }}
        {%- endif %}
    ),
    rebuilt_visitors as (
        select anonymous_id from {{ changed_visitors }}
        union distinct
        select anonymous_id from {{ ref('int_identity') }}
        where lead_email in (select email from changed_leads)
        union distinct
        select anonymous_id from {{ this }}
        where anonymous_id != '' and email in (select email from changed_leads)
    )
{%- endmacro %}
