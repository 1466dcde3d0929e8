{{ config(materialized='ephemeral') }}

-- SDK events as delivered, before deduplication: a retried delivery repeats an event_id. Bots
-- and the sites of var excluded_sites (a list of site ids, e.g. staging sites) are left out.
-- Ephemeral, and not deduplicated here: a model filters it (one visitor's new events) before
-- it keeps one delivery per event with latest_deliveries() (macros/events.sql); a filter after
-- the deduplication would have it read every event first. stg_leadhouse__events is the
-- deduplicated view.
with
    -- The referring site without its www., as channel lists name sites.
    replaceRegexpOne(domain(referrer), '^www\.', '') as referrer_domain
select {{ event_columns() }}
from {{ source('leadhouse', 'events') }}
where not is_bot
    and not has(
        cast([{% for site in var('excluded_sites', []) %}'{{ site }}'{% if not loop.last %}, {% endif %}{% endfor %}], 'Array(String)'),
        site_id
    )
