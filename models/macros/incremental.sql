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

{#
  Incremental lead models (unique_key email, with an inputs_fingerprint column): the leads to
  build are, incrementally, those whose fingerprint in int_lead_fingerprints differs from the
  one stored with their rows (or who have none), else all. `lead_filter(column)` renders the
  condition that keeps the rows of those leads, for the model's inputs.
#}
{% macro leads_to_build() -%}
    select email from {{ ref('int_lead_fingerprints') }}
    {%- if is_incremental() %}
    where (email, fingerprint) not in (select email, inputs_fingerprint from {{ this }})
    {%- endif %}
{%- endmacro %}

{% macro lead_filter(column) -%}
    {%- if is_incremental() -%}
        {{ column }} in ({{ leads_to_build() }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

