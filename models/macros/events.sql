{#
  SDK events, one row per event_id (the latest delivery: client retries and spool replays
  deliver an event more than once), bots and the sites of var excluded_sites (a list of site
  ids, e.g. staging sites) left out, filtered by `where` before deduplication so a filter on
  the visitor reads only their events.
#}
{% macro deduplicated_events(where='true') -%}
    select
        event_id,
        site_id,
        type,
        ts,
        received_at,
        inserted_at,
        anonymous_id,
        session_id,
        url,
        path,
        title,
        referrer,
        -- The referring site without its www., as channel lists name sites.
        replaceRegexpOne(domain(referrer), '^www\.', '') as referrer_domain,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_term,
        utm_content,
        click_id_type,
        click_id,
        email,
        name,
        props,
        is_pricing,
        engaged_ms,
        scroll_depth,
        language,
        device,
        country
    from {{ source('leadhouse', 'events') }}
    where not is_bot
        and not has(
            cast([{% for site in var('excluded_sites', []) %}'{{ site }}'{% if not loop.last %}, {% endif %}{% endfor %}], 'Array(String)'),
            site_id
        )
        and ({{ where }})
    -- Deliveries received at one moment (a segment replayed): the last stored, as a merge keeps.
    order by received_at desc, inserted_at desc
    limit 1 by event_id
{%- endmacro %}

{# The columns of deduplicated_events, by name: for a union with a table built from it. #}
{% macro deduplicated_event_columns() -%}
    event_id, site_id, type, ts, received_at, inserted_at, anonymous_id, session_id, url, path,
    title, referrer, referrer_domain, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
    click_id_type, click_id, email, name, props, is_pricing, engaged_ms, scroll_depth, language,
    device, country
{%- endmacro %}
