{{
    config(
        pre_hook="{{ delete_stale_lead_rows() }}",
        order_by='(email, ts, rule_id)'
    )
}}

-- Every time a scoring rule (the seed scoring_rules) matched a lead: an attribute that fits or
-- disqualifies (from when it was known), or an activity. Rules that count once keep their
-- first hit. Points are the rule's; decay and caps are applied when a score is taken.
-- Incremental: a build redoes the leads whose inputs changed (int_lead_fingerprints).
with
    {{ lead_emails_to_build() }},
    rules as (
        select
            rule_id,
            criterion,
            kind,
            match_on,
            ifNull(pattern, '') as pattern,
            toFloat64(points) as points,
            toBool(repeatable) as repeatable,
            max_points,
            half_life_days
        from {{ ref('scoring_rules') }}
    ),
    attribute_hits as (
        select
            attributes.email as email,
            attributes.known_at as ts,
            rules.rule_id as rule_id,
            attributes.value as detail
        from {{ ref('int_lead_attributes') }} as attributes
        inner join rules on rules.match_on = attributes.attribute
        where {{ lead_filter('attributes.email') }} and if(
            attributes.attribute = 'company_size',
            -- `50-999`, `1000-`: a range of employees.
            toUInt64OrZero(attributes.value) >= toUInt64OrZero(splitByChar('-', rules.pattern)[1])
                and (splitByChar('-', rules.pattern)[2] = ''
                    or toUInt64OrZero(attributes.value) <= toUInt64OrZero(splitByChar('-', rules.pattern)[2])),
            match(attributes.value, rules.pattern)
        )
    ),
    activity as (
        select email, ts, type, is_pricing, path, name from {{ ref('int_activities_sequenced') }}
        where email != '' and {{ activity_lead_filter() }}
    ),
    activity_hits as (
        select activity.email as email, activity.ts as ts, rules.rule_id as rule_id, activity.path as detail
        from activity
        inner join rules on rules.match_on = 'pricing_page'
        where activity.type = 'pageview' and activity.is_pricing
        union all
        select activity.email, activity.ts, rules.rule_id, activity.path
        from activity
        inner join rules on rules.match_on = 'path'
        where activity.type = 'pageview' and match(activity.path, rules.pattern)
        union all
        select activity.email, activity.ts, rules.rule_id, activity.name
        from activity
        inner join rules on rules.match_on = 'event'
        where activity.type = 'event' and match(activity.name, rules.pattern)
        union all
        select touchpoints.email, touchpoints.ts, rules.rule_id, touchpoints.channel
        from {{ ref('int_touchpoints_classified') }} as touchpoints
        inner join rules on rules.match_on = 'return_visit'
        where touchpoints.email != '' and touchpoints.touch_number > 1
            and {{ lead_filter('touchpoints.email') }}
    ),
    hits as (
        select * from attribute_hits
        union all
        select * from activity_hits
    ),
    numbered as (
        select
            hits.*,
            row_number() over (partition by hits.email, hits.rule_id order by hits.ts, hits.detail) as hit_number
        from hits
    )
select
    numbered.email as email,
    numbered.ts as ts,
    numbered.rule_id as rule_id,
    rules.criterion as criterion,
    rules.kind as kind,
    rules.points as points,
    rules.max_points as max_points,
    rules.half_life_days as half_life_days,
    numbered.detail as detail,
    fingerprints.fingerprint as inputs_fingerprint
from numbered
inner join rules on rules.rule_id = numbered.rule_id
left join {{ ref('int_lead_fingerprints') }} as fingerprints on fingerprints.email = numbered.email
where rules.repeatable or numbered.hit_number = 1
