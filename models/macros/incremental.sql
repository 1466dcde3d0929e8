{#
  Incremental builds of people's histories. A build takes the rows the warehouse stored since
  the newest `inserted_at` its table has, less var incremental_lookback_minutes (5).
  `inserted_at` is stamped by the warehouse when a row is inserted (a MATERIALIZED column of the
  raw tables, carried through to the models), never taken from the row's own timestamps: a
  backfill, an import of historical events, `pnpm generate` after a first build or a spool
  drained late carry old `ts` and `received_at`, and are new all the same. The lookback covers
  an insert stamped before a build read the raw table but committed after it: the stamp is the
  insert's start (one value for the whole INSERT), and a long insert commits its blocks as it
  goes, so its later blocks are older than rows a quicker insert committed before the build.
  It must exceed the longest single insert that runs beside others (the collector's and the
  generator's take seconds). It costs redoing the people with rows stored within that margin
  of the newest, at every build until newer rows move the newest on: the reason for a margin of
  minutes, not hours, now that rows late through the spool no longer need one.
  `where` picks the table's rows of one source: a table fed by several (the activity log: web
  events, email links, the sales log) keeps a watermark per source, as one source's newest
  stamp says nothing of another's.
#}
{% macro inserted_since(relation, where='true') -%}
    (select max(inserted_at) from {{ relation }} where {{ where }}) - interval {{ var('incremental_lookback_minutes', 5) }} minute
{%- endmacro %}

{#
  The people whose rows an incremental build of a history (a mart with anonymous_id and email
  columns, `this`) redoes, whole: a lead's order and numbering span all their devices, so one
  new event renumbers all of it. Defines three arrays, each computed once per build (a CTE
  would be computed again wherever it is read):
  - changed_visitor_ids: the anonymous ids `changed_visitors` (a query) selects;
  - changed_lead_emails: their leads, now and as this table last had them (a visitor identified
    again moves to another lead, which then lost a device), and the emails `more_leads` selects;
  - rebuilt_visitor_ids: the changed visitors and every device of a changed lead, now and before.
  `lead_rows` is the condition on this table that finds the rows of changed leads.
  Use them as `anonymous_id in (select arrayJoin(rebuilt_visitor_ids))`.
#}
{% macro people_to_rebuild(changed_visitors, more_leads='', lead_rows="email in (select arrayJoin(changed_lead_emails))") -%}
    (select groupUniqArray(anonymous_id) from ({{ changed_visitors }})) as changed_visitor_ids,
    (
        select groupUniqArray(email) from (
            select lead_email as email from {{ ref('int_identity') }}
            where anonymous_id in (select arrayJoin(changed_visitor_ids))
            union distinct
            select email from {{ this }}
            where email != '' and anonymous_id in (select arrayJoin(changed_visitor_ids))
            {%- if more_leads %}
            union distinct
            {{ more_leads }}
            {%- endif %}
        )
    ) as changed_lead_emails,
    (
        select groupUniqArray(anonymous_id) from (
            select arrayJoin(changed_visitor_ids) as anonymous_id
            union distinct
            select anonymous_id from {{ ref('int_identity') }}
            where lead_email in (select arrayJoin(changed_lead_emails))
            union distinct
            select anonymous_id from {{ this }}
            where anonymous_id != '' and {{ lead_rows }}
        )
    ) as rebuilt_visitor_ids
{%- endmacro %}

{#
  Incremental lead models (with an inputs_fingerprint column): the leads to build are,
  incrementally, those whose fingerprint in int_lead_fingerprints differs from the one stored
  with their rows (or who have none), else all. A model opens its WITH with
  `lead_emails_to_build()`, which computes them once as an array, and keeps its inputs to those
  leads with `lead_filter(column)` (`prefix`: the column holds the email after it).
#}
{% macro lead_emails_to_build() -%}
    {%- if is_incremental() -%}
    (
        select groupUniqArray(email) from {{ ref('int_lead_fingerprints') }}
        where {{ lead_input_key('email', 'fingerprint') }} not in (
            select {{ lead_input_key('email', 'inputs_fingerprint') }} from {{ this }}
        )
    ) as lead_emails_to_build
    {%- else -%}
    cast([], 'Array(String)') as lead_emails_to_build
    {%- endif -%}
{%- endmacro %}

{#
  The pre_hook of those models (incremental, appended, with an inputs_fingerprint column):
  deletes the rows of every lead whose fingerprint is no longer the one stored with them (their
  inputs changed, or they are no lead any more), and the rows `also` (a condition) selects. The
  build then appends the leads lead_emails_to_build() finds, those without rows. Deleting
  before rather than by the new rows' emails leaves no stale rows of a lead who now has none
  (a rule taken out of the seed, a CRM record filed under another email).
#}
{% macro delete_stale_lead_rows(also='false') -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ lead_input_key('email', 'inputs_fingerprint') }} not in (
        select {{ lead_input_key('email', 'fingerprint') }} from {{ ref('int_lead_fingerprints') }}
    ) or ({{ also }})
    {%- endif -%}
{%- endmacro %}

{#
  A lead and their fingerprint as one 64-bit key, for the two comparisons above: a set of
  numbers is built and probed several times faster than one of (email, fingerprint) pairs
  (at 10 M events, 30-40 ms against 90-135 ms, in each of the seven models). Two different
  pairs get one key with a chance of a few in a billion per build, as likely as two different
  inputs getting one fingerprint, which is a 64-bit hash too.
#}
{% macro lead_input_key(email, fingerprint) -%}
    cityHash64({{ email }}, {{ fingerprint }})
{%- endmacro %}

{% macro lead_filter(column, prefix='') -%}
    {%- if is_incremental() -%}
        {{ column }} in (select concat('{{ prefix }}', arrayJoin(lead_emails_to_build)))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{# lead_filter for the activity log, by its primary key. #}
{% macro activity_lead_filter() -%}
    {{ lead_filter('person_key', prefix='lead:') }}
{%- endmacro %}


{#
  What the event models are built with that the raw tables do not say: var
  session_timeout_minutes and var excluded_sites. Stored with their rows (settings_fingerprint);
  an incremental build with other values stops with an error asking for a full refresh, as rows
  of newly excluded sites would stay and events of sites no longer excluded would be missing.
#}
{% macro event_settings_fingerprint() -%}
    cityHash64(
        '{{ var("session_timeout_minutes", 30) }}',
        '{% for site in var("excluded_sites", []) %}{{ site }},{% endfor %}'
    )
{%- endmacro %}

{#
  The check is a scalar subquery, run when the query is analysed: a throwIf among the row
  filters would run only on rows that pass the others, and a build with nothing new has none.
#}
{% macro require_same_event_settings(relation) -%}
    (
        select throwIf(
            any(settings_fingerprint) not in (0, {{ event_settings_fingerprint() }}),
            'var session_timeout_minutes or excluded_sites changed since the last build: rebuild with --full-refresh'
        )
        from {{ relation }}
    ) = 0
{%- endmacro %}

{#
  The channel seeds the touchpoints and the activity log were classified with (stored as
  channel_lists_fingerprint). After an edit, the next incremental build redoes every visitor.
  Only the rows `where` selects, the visitors' rows a redo rewrites, say which seeds were used:
  a sales-log row of a lead never seen on the web keeps the stamp of the build that wrote it, and
  read as the table's stamp it could pass for the seeds of before an edit.
#}
{% macro channel_lists_fingerprint() -%}
    cityHash64(
        (select sum(cityHash64(tuple(*))) from {{ ref('channel_search_engines') }}),
        (select sum(cityHash64(tuple(*))) from {{ ref('channel_social_networks') }})
    )
{%- endmacro %}

{% macro visitors_inserted_since(relation, where='true') -%}
    if(
        -- One row is enough (they all agree once a redo is done): the read stops at it.
        (select channel_lists_fingerprint from {{ relation }} where {{ where }} limit 1)
            = {{ channel_lists_fingerprint() }},
        {{ inserted_since(relation, where) }},
        toDateTime64(0, 6, 'UTC')
    )
{%- endmacro %}
