{{ config(order_by='email') }}

-- The routing decision for each lead of lead_routing_inputs: the first rule of the seed
-- routing_rules by position whose conditions all hold (docs/models.md, Routing), its owner or
-- team and how the team deals its leads; rule_id fallback and var routing_fallback_team
-- (default unrouted) when none matches. lead_assignments deals the team's leads to people.
with
    members as (
        select person, team from {{ ref('sales_team') }} where active
    ),
    features as (
        select * from {{ ref('lead_routing_inputs') }}
    ),
    rules as (
        select
            rule_id,
            position,
            ifNull(country, '') as country,
            lower(ifNull(region, '')) as region,
            ifNull(company_size, '') as company_size,
            ifNull(industry, '') as industry,
            ifNull(language, '') as language,
            ifNull(path, '') as path,
            ifNull(event, '') as event,
            lower(ifNull(temperature, '')) as temperature,
            trim(ifNull(owner, '')) as owner,
            trim(ifNull(team, '')) as team,
            ifNull(distribution, 'round_robin') as distribution
        from {{ ref('routing_rules') }}
    ),
    -- The rules' regular expressions are tried once per distinct value, not per lead and rule:
    -- a pattern taken from a column is compiled for every row it is matched on.
    {{ routing_pattern_matches('features', 'rules') }},
    matched as (
        select
            features.email as email,
            argMin((rules.rule_id, rules.owner, rules.team, rules.distribution), rules.position) as rule
        from features
        cross join rules
        where {{ routing_rule_matches('features', 'rules', 'pattern_matches') }}
        group by features.email
    )
select
    features.email as email,
    features.qualified_at as assigned_at,
    matched.email != '' as is_matched,
    if(is_matched, matched.rule.1, 'fallback') as rule_id,
    if(is_matched, matched.rule.2, '') as rule_owner,
    multiIf(
        not is_matched, '{{ var("routing_fallback_team", "unrouted") }}',
        matched.rule.3 != '', matched.rule.3,
        ifNull(owner_teams.team, '')
    ) as team,
    if(is_matched, matched.rule.4, 'round_robin') as distribution
from features
left join matched on matched.email = features.email
left join (select person, min(team) as team from members group by person) as owner_teams
    on owner_teams.person = matched.rule.2
