{#
  attribution_daily is incremental by day. A day's rows stand for the attribution rows of
  conversions that day; those are replaced lead by lead, so the day a replaced row was on is no
  longer known once attribution has been built. Each day instead carries a fingerprint of its
  attribution rows' inputs (day_fingerprint: the sum of their inputs' and weights' hashes, which
  change whenever a lead's rows are redone, and lose a term when a row is erased); a build redoes
  the days whose fingerprint is not the one stored, reading only those days' rows in full.
#}
{% macro attribution_day_fingerprints(relation) -%}
    select toDate(converted_at) as day, sum(cityHash64(inputs_fingerprint, weights_fingerprint)) as day_fingerprint
    from {{ relation }}
    group by day
{%- endmacro %}

{# The pre_hook: deletes the days whose attribution rows changed or went. #}
{% macro delete_changed_attribution_days() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where (day, day_fingerprint) not in ({{ attribution_day_fingerprints(ref('attribution')) }})
    {%- endif -%}
{%- endmacro %}
