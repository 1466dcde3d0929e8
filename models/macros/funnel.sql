{#
  Funnel counts, conversion rates and median days between stages of `relation`, grouped by `by`.
  Medians interpolate between the two middle values of an even count (quantileExactInclusive).
#}
{% macro funnel_counts(relation, by) -%}
    select
        {{ by }},
        count() as leads,
        countIf(isNotNull(mql_at)) as mqls,
        countIf(isNotNull(sql_at)) as sqls,
        countIf(isNotNull(opportunity_at)) as opportunities,
        countIf(isNotNull(customer_at)) as customers,
        round(mqls / leads, 4) as lead_to_mql_rate,
        round(if(mqls = 0, null, sqls / mqls), 4) as mql_to_sql_rate,
        round(if(sqls = 0, null, opportunities / sqls), 4) as sql_to_opportunity_rate,
        round(if(opportunities = 0, null, customers / opportunities), 4) as opportunity_to_customer_rate,
        round(customers / leads, 4) as lead_to_customer_rate,
        round(quantileExactInclusiveIf(0.5)(dateDiff('second', lead_at, mql_at) / 86400, isNotNull(mql_at)), 1)
            as median_days_lead_to_mql,
        round(quantileExactInclusiveIf(0.5)(dateDiff('second', mql_at, sql_at) / 86400, isNotNull(mql_at) and isNotNull(sql_at)), 1)
            as median_days_mql_to_sql,
        round(quantileExactInclusiveIf(0.5)(dateDiff('second', sql_at, opportunity_at) / 86400, isNotNull(sql_at) and isNotNull(opportunity_at)), 1)
            as median_days_sql_to_opportunity,
        round(quantileExactInclusiveIf(0.5)(dateDiff('second', opportunity_at, customer_at) / 86400, isNotNull(opportunity_at) and isNotNull(customer_at)), 1)
            as median_days_opportunity_to_customer
    from {{ relation }}
    group by {{ by }}
{%- endmacro %}

{#
  In lifecycle_stages grouped by lead: the first moment the lead entered `stage` or a stage after
  it in the funnel's order, NULL when it entered none of them.
#}
{% macro first_reached(stage) -%}
    {%- set order = "['mql', 'sql', 'opportunity', 'customer', 'evangelist']" -%}
    {%- set reached = "indexOf(" ~ order ~ ", stage) >= indexOf(" ~ order ~ ", '" ~ stage ~ "')" -%}
    if(countIf({{ reached }}) > 0, toNullable(minIf(entered_at, {{ reached }})), null)
{%- endmacro %}
