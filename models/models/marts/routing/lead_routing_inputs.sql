{{ config(order_by='email') }}

-- What the routing rules see of each lead to route, one row per lead: the MQLs the sales log
-- named no owner of by their first MQL entry (qualified_at). Attributes are the latest known
-- (the country from the browser's location when the CRM gives none); the language is the
-- browser's at the identification; behaviour (paths, custom events, a pricing page) and the
-- score's temperature are those up to the MQL entry, so a lead does not move to someone else
-- because it browsed on after being routed. A table of its own, read by lead_assignments
-- several times; and it shows why a lead went where it did.
with
    {{ routing_owner_records() }},
    qualified as (
        select email, min(entered_at) as qualified_at
        from {{ ref('lifecycle_stages') }}
        where stage = 'mql'
        group by email
    ),
    -- An owner named at the same moment as the MQL entry wins.
    to_route as (
        select qualified.email as email, qualified.qualified_at as qualified_at
        from qualified
        left join (
            select email, min(ts) as owned_from from owner_records group by email
        ) as owned on owned.email = qualified.email
        where owned.email = '' or owned.owned_from > qualified.qualified_at
    ),
    {{ routing_features('to_route') }}
select
    email,
    toDateTime64(qualified_at, 3, 'UTC') as qualified_at,
    country,
    region,
    company_size,
    industry,
    language,
    arraySort(paths) as paths,
    arraySort(event_names) as event_names,
    visited_pricing,
    temperature
from features
