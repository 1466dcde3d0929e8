{#
  The sales log's records naming an owner (CTE owner_records: email, ts, record_id, owner,
  reason): an owner_change (a reassignment) or any other record with an owner (the CRM's).
#}
{% macro routing_owner_records() -%}
    owner_records as (
        select
            email,
            occurred_at as ts,
            record_id,
            trim(owner) as owner,
            if(type = 'owner_change', 'reassigned', 'crm_owner') as reason
        from {{ ref('stg_leadhouse__crm_events') }}
        where email != '' and trim(owner) != ''
    )
{%- endmacro %}


{#
  What routing_rules match on, for the leads of `leads` (a CTE of email, qualified_at): CTEs
  ending in `features` (email, qualified_at, country, region, company_size, industry, language,
  paths, event_names, visited_pricing, temperature), as lead_routing_inputs describes them.
#}
{% macro routing_features(leads) -%}
    routing_attributes as (
        select
            email,
            anyIf(value, attribute = 'country') as country,
            toUInt64OrNull(anyIf(value, attribute = 'company_size')) as company_size,
            anyIf(value, attribute = 'industry') as industry
        from {{ ref('int_lead_attributes') }}
        where email in (select email from {{ leads }})
        group by email
    ),
    -- The browser's language and location at the identification (the form the lead filled).
    routing_browsers as (
        select
            lower(trim(email)) as email,
            argMaxIf(language, ts, language != '') as language,
            argMaxIf(country, ts, country != '') as country
        from {{ ref('stg_leadhouse__event_deliveries') }}
        where type = 'identify' and lower(trim(email)) in (select email from {{ leads }})
        group by email
    ),
    routing_behaviour as (
        select
            activity.email as email,
            groupUniqArrayIf(activity.path, activity.type = 'pageview') as paths,
            groupUniqArrayIf(activity.name, activity.type = 'event') as event_names,
            max(activity.type = 'pageview' and activity.is_pricing) as visited_pricing
        from {{ ref('int_activities_sequenced') }} as activity
        inner join {{ leads }} as leads on leads.email = activity.email
        where activity.person_key in (select concat('lead:', email) from {{ leads }})
            and activity.source = 'web' and activity.ts <= leads.qualified_at
        group by activity.email
    ),
    routing_scores as (
        select checkpoints.email as email, argMax(checkpoints.score, checkpoints.as_of) as score
        from {{ ref('int_score_checkpoints') }} as checkpoints
        inner join {{ leads }} as leads on leads.email = checkpoints.email
        where checkpoints.email in (select email from {{ leads }})
            and checkpoints.as_of <= leads.qualified_at
        group by checkpoints.email
    ),
    routing_base as (
        select
            leads.email as email,
            leads.qualified_at as qualified_at,
            upper(trim(if(attributes.country != '', attributes.country, browsers.country))) as country,
            attributes.company_size as company_size,
            attributes.industry as industry,
            browsers.language as language,
            behaviour.paths as paths,
            behaviour.event_names as event_names,
            toBool(behaviour.visited_pricing) as visited_pricing,
            {{ score_band('scores.score', 'temperature') }} as temperature
        from {{ leads }} as leads
        left join routing_attributes as attributes on attributes.email = leads.email
        left join routing_browsers as browsers on browsers.email = leads.email
        left join routing_behaviour as behaviour on behaviour.email = leads.email
        left join routing_scores as scores on scores.email = leads.email
    ),
    features as (
        select base.*, ifNull(regions.region, '') as region
        from routing_base as base
        left join (
            select upper(trim(country)) as country, lower(trim(any(region))) as region
            from {{ ref('country_regions') }}
            group by country
        ) as regions on regions.country = base.country
    )
{%- endmacro %}


{#
  The values of `features` each rule's regular expressions match (CTE pattern_matches: rule_id,
  field, value): country, region, industry, language, each path and custom event seen. re2, as in
  scoring_rules.
#}
{% macro routing_pattern_matches(features, rules) -%}
    pattern_matches as (
        select rules.rule_id as rule_id, seen.field as field, seen.value as value
        from (
            select distinct field, value
            from {{ features }}
            array join
                ['country', 'region', 'industry', 'language'] as field,
                [country, region, industry, language] as value
            union distinct
            select distinct 'path', arrayJoin(paths) from {{ features }}
            union distinct
            select distinct 'event', arrayJoin(event_names) from {{ features }}
        ) as seen
        cross join {{ rules }} as rules
        where (multiIf(
            seen.field = 'country', rules.country,
            -- A region is named whole: dach, or a list west|nordics.
            seen.field = 'region', if(rules.region = '', '', concat('^(?:', rules.region, ')$')),
            seen.field = 'industry', rules.industry,
            seen.field = 'language', rules.language,
            seen.field = 'path', if(rules.path = 'pricing_page', '', rules.path),
            rules.event
        ) as pattern) != '' and match(seen.value, pattern)
    )
{%- endmacro %}


{#
  Whether a rule of `rules` matches a lead of `features` (lead_routing_inputs): every condition
  the rule gives holds, an empty one matches anything. country, industry, language, path and
  event are regular expressions, region one that must match the whole region (their matches in
  `matches`, routing_pattern_matches); path pricing_page means a page the SDK flagged as
  pricing; company_size is a band lo-hi (hi may be empty); temperature is exact.
#}
{% macro routing_rule_matches(features, rules, matches) -%}
    ({{ rules }}.country = ''
        or ({{ rules }}.rule_id, 'country', {{ features }}.country) in (select * from {{ matches }}))
    and ({{ rules }}.region = ''
        or ({{ rules }}.rule_id, 'region', {{ features }}.region) in (select * from {{ matches }}))
    and ({{ rules }}.company_size = '' or (
        isNotNull({{ features }}.company_size)
        and assumeNotNull({{ features }}.company_size) >= toUInt64OrZero(splitByChar('-', {{ rules }}.company_size)[1])
        and (splitByChar('-', {{ rules }}.company_size)[2] = ''
            or assumeNotNull({{ features }}.company_size) <= toUInt64OrZero(splitByChar('-', {{ rules }}.company_size)[2]))
    ))
    and ({{ rules }}.industry = ''
        or ({{ rules }}.rule_id, 'industry', {{ features }}.industry) in (select * from {{ matches }}))
    and ({{ rules }}.language = ''
        or ({{ rules }}.rule_id, 'language', {{ features }}.language) in (select * from {{ matches }}))
    and ({{ rules }}.path = '' or if(
        {{ rules }}.path = 'pricing_page',
        {{ features }}.visited_pricing,
        hasAny(
            arrayMap(visited -> ({{ rules }}.rule_id, 'path', visited), {{ features }}.paths),
            (select groupArray((rule_id, field, value)) from {{ matches }} where field = 'path')
        )
    ))
    and ({{ rules }}.event = '' or hasAny(
        arrayMap(happened -> ({{ rules }}.rule_id, 'event', happened), {{ features }}.event_names),
        (select groupArray((rule_id, field, value)) from {{ matches }} where field = 'event')
    ))
    and ({{ rules }}.temperature = '' or {{ rules }}.temperature = {{ features }}.temperature)
{%- endmacro %}


{#
  Whether the alerts mart decides alerts of `trigger`: var alert_<trigger> (default true; false,
  0, off or no turn it off, as a YAML value or a string from --vars).
#}
{% macro alert_on(trigger) -%}
    {%- if (var('alert_' ~ trigger, true) | string | lower) in ['false', '0', 'off', 'no'] -%}
        false
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
