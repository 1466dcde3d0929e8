{#
  The people an incremental build of the touchpoints redoes (the arrays of people_to_rebuild(),
  in a WITH): the visitors with events stored since the newest here, the leads with email clicks
  stored since then (a click makes the direct session it opened channel email, and may be stored
  after the session), and every device of their leads. Shared by int_touchpoints_classified,
  which computes their rows, and the touchpoints mart, which copies them: each asks of its own
  table (`this`), so a mart that missed a build copies the people of both. The table's newest
  session stands for the clicks' watermark too: the first build after a click was stored began
  after every session it holds.
#}
{% macro people_with_new_sessions() -%}
    {{ visitors_inserted_since(this) }} as since,
    {{ people_to_rebuild(
        "select anonymous_id from " ~ ref('int_sessionized_events') ~ " where inserted_at > since",
        more_leads="select email from " ~ ref('int_email_link_events') ~ "
            where inserted_at > since and name = 'email_click' and email != ''"
    ) }}
{%- endmacro %}

{#
  The people an incremental build of the activity log redoes (the arrays of
  people_to_rebuild(), in a WITH): those with rows the warehouse stored since the last build (new
  events, sales-log records or email links, each source since its own newest inserted_at in
  `this`). Shared by int_activities_sequenced and the activity_log mart, as above.
#}
{% macro people_with_new_activity() -%}
    {{ visitors_inserted_since(this, "source = 'web' and anonymous_id != ''") }} as since,
    {{ inserted_since(this, "source = 'sales'") }} as sales_since,
    {{ inserted_since(this, "source = 'web' and anonymous_id = ''") }} as email_links_since,
    {{ people_to_rebuild(
        "select anonymous_id from " ~ ref('int_sessionized_events') ~ " where inserted_at > since",
        lead_rows="person_key in (select concat('lead:', arrayJoin(changed_lead_emails)))",
        more_leads="
        select email from " ~ ref('stg_leadhouse__crm_events') ~ " where inserted_at > sales_since and email != ''
        union distinct
        -- A sales-log record sent again with another email leaves the lead it was filed under.
        select email from " ~ this ~ " where source = 'sales' and record_id in (
            select record_id from " ~ ref('stg_leadhouse__crm_events') ~ "
            where inserted_at > sales_since
        )
        union distinct
        select email from " ~ ref('int_email_link_events') ~ " where inserted_at > email_links_since
    ") }}
{%- endmacro %}
